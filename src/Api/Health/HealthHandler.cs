using System.Text;
using System.Text.Json;
using Lipsync.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.Health;

/// <summary>
/// <c>GET /api/health</c>: liveness, and whether the app's settings are usable (<see cref="ConfigurationCheck"/>);
/// it touches no storage so probes stay cheap. A misconfigured app answers 503 with the problems.
/// </summary>
public sealed class HealthHandler(ApiPipeline pipeline, ConfigurationCheck configuration)
{
    private static readonly byte[] Healthy = Encoding.UTF8.GetBytes("{\"status\":\"ok\"}");

    public Task<IResult> HandleAsync(HttpRequest request) =>
        pipeline.RunAsync(request, cors: null, () => Task.FromResult<IResult>(configuration.IsHealthy
            ? ApiResult.RawJson(Healthy)
            : ApiResult.RawJson(Misconfigured(configuration.Problems), StatusCodes.Status503ServiceUnavailable)), gated: false);

    private static byte[] Misconfigured(IReadOnlyList<string> problems)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", "misconfigured");
            writer.WriteStartArray("problems");
            foreach (var problem in problems)
            {
                writer.WriteStringValue(problem);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
