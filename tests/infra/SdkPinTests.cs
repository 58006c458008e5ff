using System.Text.Json;

namespace Lipsync.InfraTests;

/// <summary>
/// Deploy item 2: `azd deploy` runs `dotnet publish` on the deployer's machine, so global.json must accept
/// any .NET 10 SDK they may have (every 10.0 feature band), never one of another major version.
/// </summary>
public sealed class SdkPinTests
{
    [Fact]
    public void Global_json_rolls_forward_across_every_net10_feature_band_only()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "global.json")))
        {
            dir = dir.Parent;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir!.FullName, "global.json")));
        var sdk = doc.RootElement.GetProperty("sdk");

        Assert.Equal("10.0.100", sdk.GetProperty("version").GetString()); // the lowest 10.0 band
        Assert.Equal("latestFeature", sdk.GetProperty("rollForward").GetString()); // any 10.0.x00, not 11
    }
}
