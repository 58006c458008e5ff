using Lipsync.Api;
using Lipsync.Api.Health;
using Lipsync.Api.Http;
using Lipsync.Api.License;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Lipsync.Functions;

/// <summary>
/// HTTP triggers: names, methods and routes are those of <see cref="ApiEndpoints"/>; each calls one
/// shared handler. Platform CORS must stay off: the handlers answer CORS themselves.
/// </summary>
public sealed class HttpFunctions(LicenseHandlers license, HealthHandler health, FallbackHandler fallback)
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
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = ApiRoutes.LicenseJwks)] HttpRequest request) =>
        new ResultActionResult(await license.JwksAsync(request));

    [Function("Health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request) =>
        new ResultActionResult(await health.HandleAsync(request));

    [Function("Fallback")]
    public async Task<IActionResult> Fallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = ApiRoutes.Fallback)] HttpRequest request) =>
        new ResultActionResult(await fallback.HandleAsync(request));
}
