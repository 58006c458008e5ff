using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Jobs;

/// <summary>
/// <c>./deploy-smoke</c>, the check after <c>azd up</c>, run here against LocalHost on Azurite as the
/// README says it can be: health, JWKS, a fresh key's license, and a dropped file becoming a timeline.
/// </summary>
[Collection(DropZoneGroup.Name)]
public sealed class DeploySmokeTests(DropZoneFixture fixture)
{
    [Fact]
    public async Task Deploy_smoke_passes_every_check_against_a_running_backend()
    {
        var pipeline = fixture.Pipeline;
        await using var smoke = ChildProcess.Start("bash", [Path.Combine(Repo.Root, "deploy-smoke"), pipeline.Host.BaseAddress.ToString()],
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = pipeline.ConnectionString });

        var code = await smoke.WaitAsync(TimeSpan.FromMinutes(4));

        Assert.True(code == 0, smoke.Output);
        Assert.Equal(5, smoke.Output.Split('\n').Count(l => l.TrimStart().StartsWith("PASS", StringComparison.Ordinal)));
        Assert.Contains("a dropped file became a timeline (timelines/smoke", smoke.Output, StringComparison.Ordinal);

        // Its key is disabled afterwards: the smoke account holds no usable key.
        var account = System.Text.RegularExpressions.Regex.Match(smoke.Output, "account (smoke[0-9]+)").Groups[1].Value;
        var (_, keys, _) = await new LipsyncCli(pipeline.ConnectionString).RunAsync("keys", "list", "--account", account, "--json");
        Assert.Contains("\"disabled\":true", keys.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
