using Lipsync.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.OpenApi;

/// <summary><c>GET /api/openapi.json</c>: the contract, readable from any origin (SDKs and the demo fetch it).</summary>
public sealed class OpenApiHandler(ApiPipeline pipeline)
{
    public Task<IResult> HandleAsync(HttpRequest request) =>
        pipeline.RunAsync(request, Cors.Get, () => Task.FromResult<IResult>(
            ApiResult.RawJson(OpenApiDocument.Body).WithHeader("Cache-Control", "public, max-age=300")), gated: false);
}
