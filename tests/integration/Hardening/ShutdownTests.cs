using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Hardening;

/// <summary>
/// The hardening probe's finding 7: LocalHost kept its loops running against a dead emulator and was
/// still alive 100 s after SIGTERM. It now stops within 10 s whatever storage is doing.
/// </summary>
public sealed class ShutdownTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sigterm_with_storage_frozen_and_requests_waiting_on_it_stops_within_ten_seconds()
    {
        await using var azurite = await Azurite.StartAsync();
        var cli = new LipsyncCli(azurite.ConnectionString);
        await cli.JsonAsync("accounts", "create", "--account", "acme");
        var key = await cli.CreateKeyAsync("acme", "dev");
        var host = await LocalHostProcess.StartAsync(azurite.ConnectionString);

        // Sightings queued for the usage flush, then storage that accepts connections and never answers.
        for (var i = 0; i < 20; i++)
        {
            using var init = await host.Client.SendAsync(LocalHostProcess.Request(HttpMethod.Post, "/api/v1/license/init", key, "http://localhost", $$"""{"userId":"u{{i}}"}"""));
        }

        azurite.Freeze(true);
        try
        {
            var waiting = Enumerable.Range(0, 8).Select(_ => host.Client.SendAsync(
                LocalHostProcess.Request(HttpMethod.Post, "/api/v1/license/init", $"lsk_dev_{Guid.NewGuid():N}", "http://localhost"))).ToList();
            await Task.Delay(1000);

            var (took, _) = await host.TerminateAsync(TimeSpan.FromSeconds(30));

            output.WriteLine($"stopped {took.TotalSeconds:F1} s after SIGTERM (storage frozen)");
            Assert.True(took < Limit, $"LocalHost took {took} to stop\n{host.Output[^Math.Min(host.Output.Length, 3000)..]}");
            foreach (var request in waiting)
            {
                try
                {
                    (await request).Dispose();
                }
                catch (HttpRequestException)
                {
                    // Closed by the stopping host: expected for some.
                }
            }
        }
        finally
        {
            azurite.Freeze(false);
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sigterm_with_uploads_in_flight_and_a_job_running_stops_within_ten_seconds()
    {
        await using var pipeline = await Jobs.PipelineHarness.StartAsync();
        var upload = RawHttp.SendAsync(pipeline.Host.BaseAddress,
            $"POST /api/v1/jobs HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer {pipeline.SecKey}\nContent-Type: audio/wav\nContent-Length: 10000000\n",
            async s =>
            {
                for (var i = 0; i < 200; i++)
                {
                    await s.WriteAsync(new byte[1000]);
                    await Task.Delay(100);
                }
            }, wait: TimeSpan.FromSeconds(20));
        await pipeline.DropAsync("acme/stuck.ogg", Lipsync.Fuzzing.Seeds.NVorbisStall);
        await Task.Delay(1500);

        var (took, _) = await pipeline.Host.TerminateAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"stopped {took.TotalSeconds:F1} s after SIGTERM (upload and job in flight)");
        Assert.True(took < Limit, $"LocalHost took {took} to stop\n{pipeline.Host.Output[^Math.Min(pipeline.Host.Output.Length, 3000)..]}");
        await upload;

        // The upload cut off by the shutdown is the client's loss, not a server fault with a stack trace.
        Assert.DoesNotContain("Unhandled error", pipeline.Host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("internal_error", pipeline.Host.Output, StringComparison.Ordinal);
    }
}
