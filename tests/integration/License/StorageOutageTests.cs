using System.Net;
using System.Text.Json;
using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.License;

/// <summary>With storage gone, the edge answers a retryable envelope quickly instead of hanging.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task Init_with_storage_down_is_service_unavailable_with_retry_after()
    {
        await using var azurite = await Azurite.StartAsync();
        var cli = new LipsyncCli(azurite.ConnectionString);
        await cli.JsonAsync("accounts", "create", "--account", "acme");
        var key = await cli.CreateKeyAsync("acme", "dev");
        await using var host = await LocalHostProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["License__StorageTimeout"] = "00:00:03" });

        await azurite.StopAsync();
        var started = DateTime.UtcNow;
        using var response = await host.Client.SendAsync(LocalHostProcess.Request(HttpMethod.Post, "/api/v1/license/init", key));
        var elapsed = DateTime.UtcNow - started;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("service_unavailable", body.RootElement.GetProperty("code").GetString());
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"answered in {elapsed.TotalSeconds:F1} s");
        Assert.DoesNotContain("Exception", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Background_work_rides_out_a_storage_outage_without_stopping_the_host()
    {
        await using var azurite = await Azurite.StartAsync();
        var cli = new LipsyncCli(azurite.ConnectionString);
        await cli.JsonAsync("accounts", "create", "--account", "acme");
        var key = await cli.CreateKeyAsync("acme", "dev");
        await using var host = await LocalHostProcess.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs__SweepInterval"] = "00:00:01",
            ["Jobs__DropZoneScanInterval"] = "00:00:01",
        });
        using (var init = await host.Client.SendAsync(LocalHostProcess.Request(HttpMethod.Post, "/api/v1/license/init", key, "http://localhost", """{"userId":"u1"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, init.StatusCode); // queues a MAU row for the background flush
        }

        // Storage goes away under the usage flush, the job sweeper and the drop-zone scanner.
        await azurite.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));

        Assert.False(host.HasExited, host.Output);
        using var health = await host.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task LocalHost_stops_cleanly_on_sigterm()
    {
        await using var azurite = await Azurite.StartAsync();
        var host = await LocalHostProcess.StartAsync(azurite.ConnectionString);
        Assert.Equal(0, await host.StopAsync());
        await host.DisposeAsync();
    }
}
