using System.Net;
using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.License;

/// <summary>
/// The hardening probe rotated and spoofed <c>X-Forwarded-For</c> to dodge and to weaponise the
/// per-address limit. The edge fixture's host lists 127.0.0.1 as its one proxy; a second host here
/// runs with the defaults (as <c>./run</c> does), where the header counts for nothing.
/// </summary>
[Collection(EdgeTestGroup.Name)]
public sealed class ForwardedHeadersTests(EdgeFixture edge)
{
    private const string Init = "/api/v1/license/init";

    [Fact]
    public async Task By_default_a_rotated_forwarded_for_does_not_escape_the_per_address_limit()
    {
        await using var host = await LocalHostProcess.StartAsync(edge.StorageConnectionString, new Dictionary<string, string?>
        {
            ["License__FailuresPerAddress"] = "20",
            ["License__FailuresPerKey"] = "10",
        });

        var statuses = new List<HttpStatusCode>();
        // 45 attempts against a limit of 20 per fixed 60 s window: even split across a window boundary,
        // one window sees more than 20 (25 attempts could straddle it and never reach the limit).
        for (var i = 0; i < 45; i++)
        {
            using var request = LocalHostProcess.Request(HttpMethod.Post, Init, $"lsk_dev_{Guid.NewGuid():N}", "http://localhost");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", $"203.0.113.{i % 250}");
            using var response = await host.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public void The_run_script_starts_LocalHost_without_trusting_forwarded_headers()
    {
        var launch = File.ReadAllLines(Path.Combine(Repo.Root, "run")).Single(l => l.Contains("Lipsync.LocalHost.dll", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'));

        Assert.DoesNotContain("Forwarded", launch, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_a_known_proxy_a_client_written_first_entry_is_not_believed()
    {
        // The proxy appends the real client (198.51.100.7); the client rotates what it wrote before it.
        var statuses = new List<HttpStatusCode>();
        // 45 attempts against a limit of 20 per fixed 60 s window: even split across a window boundary,
        // one window sees more than 20 (25 attempts could straddle it and never reach the limit).
        for (var i = 0; i < 45; i++)
        {
            using var request = LocalHostProcess.Request(HttpMethod.Post, Init, $"lsk_dev_{Guid.NewGuid():N}", "http://localhost");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", $"203.0.113.{i}, 198.51.100.7");
            using var response = await edge.Host.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        // Spoofing the locked-out address as a first entry does not lock out another client.
        using var innocent = LocalHostProcess.Request(HttpMethod.Post, Init, edge.DevKey, "http://localhost");
        innocent.Headers.TryAddWithoutValidation("X-Forwarded-For", "198.51.100.7, 198.51.100.8");
        using var answer = await edge.Host.Client.SendAsync(innocent);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
