using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.IntegrationTests.License;

namespace Lipsync.IntegrationTests.Hosting;

/// <summary>
/// The web SDK (<c>web/sdk/dist/lipsync.js</c>, built by ./test before the .NET tests) against LocalHost
/// over real HTTP: Node runs <c>web/sdk/test-live</c> with this fixture's endpoint and keys.
/// </summary>
[Collection(EdgeTestGroup.Name)]
public sealed class WebSdkLiveTests(EdgeFixture edge)
{
    [Fact]
    public async Task The_web_sdk_meets_the_license_edge_and_the_engine_over_http()
    {
        var sdk = Path.Combine(Repo.Root, "web", "sdk");
        Assert.True(File.Exists(Path.Combine(sdk, "dist", "lipsync.js")), "web/sdk is not built: ./test builds it (cd web && npm ci && npm run build)");

        await using var node = ChildProcess.Start("node", ["--test", "--test-reporter=tap", "test-live/"], new Dictionary<string, string?>
        {
            ["LIPSYNC_ENDPOINT"] = edge.Host.BaseAddress.ToString(),
            ["LIPSYNC_DEV_KEY"] = edge.DevKey,
            ["LIPSYNC_PUB_KEY"] = edge.PubKey,
            ["LIPSYNC_PUB_ORIGIN"] = "https://app.example.com",
            ["LIPSYNC_SEC_KEY"] = edge.SecKey,
        }, sdk);

        int exit;
        try
        {
            exit = await node.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("node did not finish within 90 s:\n" + node.Output);
            throw;
        }

        Assert.True(exit == 0, node.Output);
        Assert.Contains("# pass 5", node.Output, StringComparison.Ordinal);
        Assert.Contains("# fail 0", node.Output, StringComparison.Ordinal);
    }
}
