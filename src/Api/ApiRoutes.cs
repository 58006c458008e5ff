namespace Lipsync.Api;

/// <summary>
/// Routes of the HTTP contract, relative to the <c>/api</c> prefix (the Functions host's default
/// route prefix, which LocalHost applies too). Both hosts take their templates from here.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public const string LicenseInit = "v1/license/init";
    public const string LicenseRefresh = "v1/license/refresh";
    public const string LicenseJwks = "v1/license/jwks";
    public const string Timelines = "v1/timelines";
    public const string Jobs = "v1/jobs";
    public const string JobById = "v1/jobs/{jobId}";
    public const string JobTimeline = "v1/jobs/{jobId}/timeline";
    public const string Health = "health";
    public const string OpenApi = "openapi.json";
    public const string ModelManifest = "v1/models/viseme";
    public const string ModelFile = "v1/models/viseme/{version}";

    /// <summary>Catch-all that turns unknown paths and wrong methods into envelopes.</summary>
    public const string Fallback = "{*path}";
}
