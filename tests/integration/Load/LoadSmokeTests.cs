using System.Text.Json;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.IntegrationTests.License;

namespace Lipsync.IntegrationTests.Load;

/// <summary>
/// The load harness's smoke profile (seconds, small rate) against the license edge's LocalHost: it must
/// run every license scenario, meet their thresholds and write the contract's report files.
/// </summary>
[Collection(EdgeTestGroup.Name)]
public sealed class LoadSmokeTests(EdgeFixture edge)
{
    [Fact]
    public async Task The_smoke_profile_meets_its_thresholds_and_writes_the_reports()
    {
        var reports = Path.Combine(Path.GetTempPath(), "lipsync-load-" + Guid.NewGuid().ToString("N")[..8]);
        var harness = Path.Combine(Repo.Root, "tests", "load", "bin", Repo.Configuration, "net10.0", "Lipsync.LoadTests.dll");
        await using var process = ChildProcess.Start("dotnet",
        [
            harness, "--target", edge.Host.BaseAddress.ToString(), "--rate", "20", "--duration", "3", "--ramp", "1", "--sessions", "20",
            "--key", edge.DevKey, "--pub-key", edge.PubKey, "--pub-origin", "https://app.example.com", "--secret-key", edge.SecKey,
            "--account", "acme", "--report", reports, "--warmup", "1",
            "--p99-limit", "250", // a smoke run shares 2 cores with the rest of the suite; the figures come from ./load
        ], new Dictionary<string, string?>());

        var exit = await process.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exit == 0, process.Output);

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports, "report.json")));
        var scenarios = report.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        Assert.Equal(["license-init", "license-refresh", "license-mixed-abuse"], scenarios.Select(s => s.GetProperty("name").GetString()));
        foreach (var s in scenarios)
        {
            foreach (var field in new[] { "requests", "ratePerSec", "ok", "unexpected", "p50Ms", "p95Ms", "p99Ms", "maxMs", "thresholdsPassed" })
            {
                Assert.True(s.TryGetProperty(field, out _), field);
            }

            Assert.InRange(s.GetProperty("requests").GetInt64(), 30, 80);
            Assert.Equal(0, s.GetProperty("unexpected").GetInt64());
            Assert.True(s.GetProperty("thresholdsPassed").GetBoolean());
        }

        Assert.True(File.Exists(Path.Combine(reports, "report.md")));
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(reports, "report.html")), StringComparison.Ordinal);
        Directory.Delete(reports, recursive: true);
    }
}
