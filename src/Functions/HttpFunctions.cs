using Lipsync.Api;
using Lipsync.Api.Batch;
using Lipsync.Api.Health;
using Lipsync.Api.Http;
using Lipsync.Api.License;
using Lipsync.Api.Models;
using Lipsync.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Lipsync.Functions;

/// <summary>
/// HTTP triggers: names, methods and routes are those of <see cref="ApiEndpoints"/>; each calls one
/// shared handler. Platform CORS must stay off: the handlers answer CORS themselves.
/// </summary>
public sealed class HttpFunctions(LicenseHandlers license, TimelineHandlers timelines, JobHandlers jobs, HealthHandler health, OpenApiHandler openApi, ModelHandler models, FallbackHandler fallback)
{
    [Function("LicenseInit")]
    public async Task<IActionResult> LicenseInit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = ApiRoutes.LicenseInit)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await license.InitAsync(request, cancellationToken));

    [Function("LicenseRefresh")]
    public async Task<IActionResult> LicenseRefresh(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = ApiRoutes.LicenseRefresh)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await license.RefreshAsync(request, cancellationToken));

    [Function("LicenseJwks")]
    public async Task<IActionResult> LicenseJwks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "options", Route = ApiRoutes.LicenseJwks)] HttpRequest request) =>
        new ResultActionResult(await license.JwksAsync(request));

    [Function("Timelines")]
    public async Task<IActionResult> Timelines(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Timelines)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await timelines.CreateAsync(request, cancellationToken));

    [Function("JobSubmit")]
    public async Task<IActionResult> JobSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Jobs)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await jobs.SubmitAsync(request, cancellationToken));

    [Function("JobList")]
    public async Task<IActionResult> JobList(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = ApiRoutes.Jobs)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await jobs.ListAsync(request, cancellationToken));

    [Function("JobGet")]
    public async Task<IActionResult> JobGet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = ApiRoutes.JobById)] HttpRequest request,
        string jobId,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await jobs.GetAsync(request, jobId, cancellationToken));

    [Function("JobTimeline")]
    public async Task<IActionResult> JobTimeline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = ApiRoutes.JobTimeline)] HttpRequest request,
        string jobId,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await jobs.GetTimelineAsync(request, jobId, cancellationToken));

    [Function("Health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = ApiRoutes.Health)] HttpRequest request) =>
        new ResultActionResult(await health.HandleAsync(request));

    [Function("OpenApi")]
    public async Task<IActionResult> OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = ApiRoutes.OpenApi)] HttpRequest request) =>
        new ResultActionResult(await openApi.HandleAsync(request));

    [Function("ModelManifest")]
    public async Task<IActionResult> ModelManifest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = ApiRoutes.ModelManifest)] HttpRequest request) =>
        new ResultActionResult(await models.ManifestAsync(request));

    [Function("ModelFile")]
    public async Task<IActionResult> ModelFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = ApiRoutes.ModelFile)] HttpRequest request,
        string version) =>
        new ResultActionResult(await models.FileAsync(request, version));

    [Function("Fallback")]
    public async Task<IActionResult> Fallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = ApiRoutes.Fallback)] HttpRequest request) =>
        new ResultActionResult(await fallback.HandleAsync(request));
}
