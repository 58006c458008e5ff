namespace Lipsync.Api;

/// <summary>One HTTP function: its name (as in <c>functions.metadata</c>), methods and route. HEAD goes wherever GET does (RFC 9110).</summary>
public sealed record ApiEndpoint(string Name, IReadOnlyList<string> Methods, string Route);

/// <summary>
/// The endpoint table both hosts must expose. LocalHost maps it; the Functions project declares the
/// same names, methods and routes in attributes, and a test compares the generated
/// <c>functions.metadata</c> with this table and with what LocalHost registers.
/// </summary>
public static class ApiEndpoints
{
    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        new("LicenseInit", ["post", "options"], ApiRoutes.LicenseInit),
        new("LicenseRefresh", ["post", "options"], ApiRoutes.LicenseRefresh),
        new("LicenseJwks", ["get", "head", "options"], ApiRoutes.LicenseJwks),
        new("Timelines", ["post"], ApiRoutes.Timelines),
        new("JobSubmit", ["post"], ApiRoutes.Jobs),
        new("JobList", ["get", "head"], ApiRoutes.Jobs),
        new("JobGet", ["get", "head"], ApiRoutes.JobById),
        new("JobTimeline", ["get", "head"], ApiRoutes.JobTimeline),
        new("Health", ["get", "head"], ApiRoutes.Health),
        new("OpenApi", ["get", "head"], ApiRoutes.OpenApi),
        new("ModelManifest", ["get", "head"], ApiRoutes.ModelManifest),
        new("ModelFile", ["get", "head"], ApiRoutes.ModelFile),
        new("Fallback", ["get", "post", "put", "patch", "delete", "head", "options"], ApiRoutes.Fallback),
    ];
}
