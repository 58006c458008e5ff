using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lipsync.Contracts.Errors;
using Lipsync.Fuzzing;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.IntegrationTests.Jobs;

namespace Lipsync.IntegrationTests.Hardening;

/// <summary>
/// The second hardening probe: 150 concurrent <c>POST /api/v1/timelines</c> from one key saturated the
/// CPU and gave every tenant 503. Sync calls are now admitted per instance and per account; the excess
/// gets 429 at once, and another account still gets through.
/// </summary>
public sealed class SyncAdmissionTests : IAsyncLifetime
{
    private PipelineHarness _pipeline = null!;
    private string _otherKey = "";

    public async Task InitializeAsync()
    {
        _pipeline = await PipelineHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Batch__SyncConcurrency"] = "2",
            ["Batch__SyncPerAccount"] = "1",
            ["Batch__SyncQueueTimeout"] = "00:00:00",
        });
        var cli = new LipsyncCli(_pipeline.ConnectionString);
        await cli.JsonAsync("accounts", "create", "--account", "beta");
        _otherKey = await cli.CreateKeyAsync("beta", "sec");
    }

    public Task DisposeAsync() => _pipeline.DisposeAsync().AsTask();

    [Fact]
    public async Task An_accounts_excess_is_refused_at_once_while_another_account_gets_through()
    {
        // acme's first call holds its one slot for the codec's stall timeout (3 s).
        var slow = _pipeline.Host.Client.SendAsync(Post(_pipeline.SecKey, Seeds.NVorbisStall));
        await Task.Delay(1000);

        using var excess = await _pipeline.Host.Client.SendAsync(Post(_pipeline.SecKey, Seeds.Ogg));
        using var other = await _pipeline.Host.Client.SendAsync(Post(_otherKey, Seeds.Ogg));
        using var first = await slow;

        Assert.Equal((HttpStatusCode)429, excess.StatusCode);
        using (var envelope = JsonDocument.Parse(await excess.Content.ReadAsStringAsync()))
        {
            Assert.Equal(ErrorCodes.RateLimited, envelope.RootElement.GetProperty("code").GetString());
        }

        Assert.True(excess.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal((HttpStatusCode)422, first.StatusCode);
    }

    private static HttpRequestMessage Post(string key, byte[] audio)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/timelines") { Content = new ByteArrayContent(audio) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/ogg");
        return request;
    }
}
