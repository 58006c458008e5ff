using Lipsync.Api;
using Lipsync.Api.Batch;
using Lipsync.Api.Health;
using Lipsync.Api.Http;
using Lipsync.Api.License;
using Lipsync.Api.Models;
using Lipsync.Api.OpenApi;

namespace Lipsync.LocalHost;

/// <summary>
/// Binds <see cref="ApiEndpoints.All"/> to the shared handlers, as the Functions project does with
/// attributes. Adapters only: take the request, call one handler, return its result.
/// </summary>
public static class LocalHostEndpoints
{
    public static IEndpointRouteBuilder MapLipsyncEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + ApiRoutes.Prefix);
        Map(api, "LicenseInit", (HttpRequest r, LicenseHandlers h, CancellationToken ct) => h.InitAsync(r, ct));
        Map(api, "LicenseRefresh", (HttpRequest r, LicenseHandlers h, CancellationToken ct) => h.RefreshAsync(r, ct));
        Map(api, "LicenseJwks", (HttpRequest r, LicenseHandlers h) => h.JwksAsync(r));
        Map(api, "Timelines", (HttpRequest r, TimelineHandlers h, CancellationToken ct) => h.CreateAsync(r, ct));
        Map(api, "JobSubmit", (HttpRequest r, JobHandlers h, CancellationToken ct) => h.SubmitAsync(r, ct));
        Map(api, "JobList", (HttpRequest r, JobHandlers h, CancellationToken ct) => h.ListAsync(r, ct));
        Map(api, "JobGet", (HttpRequest r, string jobId, JobHandlers h, CancellationToken ct) => h.GetAsync(r, jobId, ct));
        Map(api, "JobTimeline", (HttpRequest r, string jobId, JobHandlers h, CancellationToken ct) => h.GetTimelineAsync(r, jobId, ct));
        Map(api, "Health", (HttpRequest r, HealthHandler h) => h.HandleAsync(r));
        Map(api, "OpenApi", (HttpRequest r, OpenApiHandler h) => h.HandleAsync(r));
        Map(api, "ModelManifest", (HttpRequest r, ModelHandler h) => h.ManifestAsync(r));
        Map(api, "ModelFile", (HttpRequest r, string version, ModelHandler h) => h.FileAsync(r, version));
        Map(api, "Fallback", (HttpRequest r, FallbackHandler h) => h.HandleAsync(r));

        // Outside /api there is nothing; still answer with an envelope. "{*path}", not MapFallback's
        // default "{*path:nonfile}": a path that looks like a file (/favicon.ico) gets one too.
        app.MapFallback("{*path}", (HttpRequest r, FallbackHandler h) => h.HandleAsync(r));
        return app;
    }

    private static void Map(RouteGroupBuilder api, string name, Delegate handler)
    {
        var endpoint = ApiEndpoints.All.Single(e => e.Name == name);
        api.MapMethods(endpoint.Route, endpoint.Methods.Select(m => m.ToUpperInvariant()), handler).WithName(name);
    }
}
