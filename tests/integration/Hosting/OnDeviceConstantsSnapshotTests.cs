using System.Globalization;
using System.Text;
using Lipsync.Engine.Features;
using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Hosting;

/// <summary>
/// The web SDK's on-device front end takes the analysis window and the mel filter bank from
/// <c>web/sdk/src/engine/engine-constants.json</c>, written from <see cref="LogMel"/> itself so the two front ends
/// cannot drift (the parity test then checks the features they compute). Refresh it with
/// <c>LIPSYNC_UPDATE_SNAPSHOTS=1 dotnet test tests/integration --filter OnDeviceConstantsSnapshot</c>.
/// </summary>
public sealed class OnDeviceConstantsSnapshotTests
{
    [Fact]
    public async Task The_web_sdks_front_end_constants_are_the_engines()
    {
        var path = Path.Combine(Repo.Root, "web", "sdk", "src", "engine", "engine-constants.json");
        var current = Render(new LogMel());
        if (Environment.GetEnvironmentVariable("LIPSYNC_UPDATE_SNAPSHOTS") == "1")
        {
            await File.WriteAllTextAsync(path, current);
        }

        Assert.True(File.Exists(path) && await File.ReadAllTextAsync(path) == current, $"{path} is stale: run LIPSYNC_UPDATE_SNAPSHOTS=1 dotnet test tests/integration --filter OnDeviceConstantsSnapshot");
    }

    // Floats as "R" (round-trip): parsed into a Float32Array they are the same bits.
    private static string Render(LogMel logMel)
    {
        static string Floats(ReadOnlySpan<float> values)
        {
            var parts = new string[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                parts[i] = values[i].ToString("R", CultureInfo.InvariantCulture);
            }

            return "[" + string.Join(",", parts) + "]";
        }

        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\n  \"sampleRate\": {LogMel.SampleRate},\n  \"frameSize\": {LogMel.FrameSize},\n  \"hop\": {LogMel.Hop},\n  \"fftSize\": {LogMel.FftSize},\n  \"leadPadding\": {LogMel.LeadPadding},\n");
        json.Append("  \"window\": ").Append(Floats(logMel.AnalysisWindow)).Append(",\n  \"melBands\": [\n");
        for (var b = 0; b < logMel.MelBands.Count; b++)
        {
            var (start, weights) = logMel.MelBands[b];
            json.Append(CultureInfo.InvariantCulture, $"    {{\"start\": {start}, \"weights\": ").Append(Floats(weights)).Append(b + 1 < logMel.MelBands.Count ? "},\n" : "}\n");
        }

        json.Append("  ]\n}\n");
        return json.ToString();
    }
}
