using System.Text;
using Lipsync.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.Health;

/// <summary><c>GET /api/health</c>: liveness only; it touches no storage so probes stay cheap.</summary>
public sealed class HealthHandler(ApiPipeline pipeline)
{
    private static readonly byte[] Healthy = Encoding.UTF8.GetBytes("{\"status\":\"ok\"}");

    public Task<IResult> HandleAsync(HttpRequest request) =>
        pipeline.RunAsync(request, cors: null, () => Task.FromResult<IResult>(ApiResult.RawJson(Healthy)));
}
