using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lipsync.Contracts.Errors;
using Lipsync.Fuzzing;
using Lipsync.IntegrationTests.Jobs;

namespace Lipsync.IntegrationTests.Hardening;

/// <summary>
/// Admission control over real HTTP (issue 21, graceful overload): past the instance's limit a request
/// is answered at once with a 503 envelope that a browser can read, the health route still answers, and
/// the next request after the load passes is served. The delay-driven path is measured by
/// <c>./load --allow-shed</c> (docs/load.md); here the concurrency cap is set to one so one slow call fills it.
/// </summary>
public sealed class OverloadAdmissionTests : IAsyncLifetime
{
    private PipelineHarness _pipeline = null!;

    public async Task InitializeAsync() =>
        _pipeline = await PipelineHarness.StartAsync(new Dictionary<string, string?> { ["Admission__MaxConcurrentRequests"] = "1" });

    public Task DisposeAsync() => _pipeline.DisposeAsync().AsTask();

    [Fact]
    public async Task Past_the_limit_requests_get_an_immediate_envelope_and_health_still_answers()
    {
        var client = _pipeline.Host.Client;

        // One call holds the only slot for the codec's stall timeout (3 s).
        using var slowRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/timelines") { Content = new ByteArrayContent(Seeds.NVorbisStall) };
        slowRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _pipeline.SecKey);
        slowRequest.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/ogg");
        var slow = client.SendAsync(slowRequest);
        await Task.Delay(1000);

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var refused = await client.GetAsync(new Uri("/api/v1/license/jwks", UriKind.Relative));
        var refusedIn = started.Elapsed;
        using var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        using var first = await slow;
        using var after = await client.GetAsync(new Uri("/api/v1/license/jwks", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(refusedIn < TimeSpan.FromSeconds(1), $"refused after {refusedIn}");
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("*", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using (var envelope = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal(ErrorCodes.ServiceUnavailable, envelope.RootElement.GetProperty("code").GetString());
            Assert.Equal(refused.Headers.GetValues("x-request-id").Single(), envelope.RootElement.GetProperty("requestId").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal((HttpStatusCode)422, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
