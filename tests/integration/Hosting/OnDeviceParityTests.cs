using System.Globalization;
using System.Text.Json;
using Lipsync.Contracts.Timelines;
using Lipsync.Engine;
using Lipsync.Engine.Features;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.IntegrationTests.License;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Lipsync.IntegrationTests.Hosting;

/// <summary>
/// The web SDK's on-device engine against this engine, on the same clips at four sample rates and one
/// longer than the model's inference chunks: the
/// features it computes (after normalisation) within 1e-4 of <see cref="FrontEnd"/>'s, and at least 99 %
/// of 10 ms frames with the viseme <see cref="TimelineEngine"/> gives. Node runs the built package
/// (<c>web/sdk/test-parity/parity.mjs</c>) with ONNX Runtime Web on WASM, licensed by a real session
/// from LocalHost, as a page would be.
/// </summary>
[Collection(EdgeTestGroup.Name)]
public sealed class OnDeviceParityTests(EdgeFixture edge, ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipsync-parity-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_on_device_engine_computes_the_servers_features_and_timeline()
    {
        var sdk = Path.Combine(Repo.Root, "web", "sdk");
        Assert.True(File.Exists(Path.Combine(sdk, "dist", "lipsync.js")), "web/sdk is not built: ./test builds it (cd web && npm ci && npm run build)");

        // The sample (16 kHz), the same at 44.1 and 24 kHz, and another voice at 22.05 kHz.
        var sample = Path.Combine(Repo.Root, "samples", "audio", "hello.wav");
        var clips = new List<(string Name, string Path)> { ("hello-16k", sample) };
        foreach (var rate in new[] { 44100, 24000 })
        {
            var path = Path.Combine(_dir, $"hello-{rate / 1000}k.wav");
            await AudioTools.RunAsync("sox", sample, "-r", rate.ToString(CultureInfo.InvariantCulture), "-b", "16", path);
            clips.Add(($"hello-{rate / 1000}k", path));
        }

        var other = Path.Combine(_dir, "other-22k.wav");
        await AudioTools.RunAsync("espeak-ng", "-v", "en-us+f3", "-w", other, "Please move the blue chair closer to the window before lunch.");
        clips.Add(("other-22k", other));

        // 45 s: past the model's 4,096-frame chunks, so the chunk boundaries (and their context) are compared too.
        var longer = Path.Combine(_dir, "long-45s.wav");
        await AudioTools.RunAsync("sox", [.. Enumerable.Repeat(sample, 9), longer]);
        clips.Add(("long-45s", longer));

        using var engine = new TimelineEngine(Options.Create(new EngineOptions { IntraOpThreads = 1, IsolateCodecs = false }));
        var manifest = new List<object>();
        foreach (var (name, path) in clips)
        {
            var (samples, rate) = ReadPcm(path);
            await File.WriteAllBytesAsync(Path.Combine(_dir, name + ".pcm.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());

            await using var stream = File.OpenRead(path);
            var features = FrontEnd.Extract(stream, TimeSpan.FromMinutes(10));
            var timeline = engine.Process(features); // normalizes the features in place first
            await File.WriteAllBytesAsync(Path.Combine(_dir, name + ".features.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.Values.AsSpan()).ToArray());
            manifest.Add(new { name, sampleRate = rate, frames = features.Frames, durationMs = timeline.DurationMs, visemes = Timelines.TimelineToFrames(timeline) });
        }

        await File.WriteAllTextAsync(Path.Combine(_dir, "manifest.json"), JsonSerializer.Serialize(manifest));
        await using var node = ChildProcess.Start("node", ["test-parity/parity.mjs", _dir], new Dictionary<string, string?>
        {
            ["LIPSYNC_ENDPOINT"] = edge.Host.BaseAddress.ToString(),
            ["LIPSYNC_DEV_KEY"] = edge.DevKey,
            ["LIPSYNC_MODEL"] = Path.Combine(Repo.Root, "models", "viseme.onnx"),
        }, sdk);
        var exit = await node.WaitAsync(TimeSpan.FromSeconds(120));
        output.WriteLine(node.Output);
        Assert.True(exit == 0, node.Output);

        using var report = JsonDocument.Parse(node.Output.Split('\n').Last(l => l.StartsWith('{')));
        foreach (var clip in report.RootElement.GetProperty("clips").EnumerateArray())
        {
            var name = clip.GetProperty("name").GetString();
            Assert.True(clip.GetProperty("maxFeatureDiff").GetDouble() <= 1e-4, $"{name}: features differ by {clip.GetProperty("maxFeatureDiff")}");
            Assert.True(clip.GetProperty("frameAgreement").GetDouble() >= 0.99, $"{name}: {clip.GetProperty("frameAgreement")} of frames agree");
            Assert.Equal(clip.GetProperty("serverDurationMs").GetInt32(), clip.GetProperty("durationMs").GetInt32());
        }
    }

    /// <summary>The clip's samples as mono float at its own rate (16-bit PCM WAV, channels averaged).</summary>
    private static (float[] Samples, int Rate) ReadPcm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var span = bytes.AsSpan();
        int channels = 0, rate = 0, bits = 0;
        var offset = 12;
        while (offset + 8 <= span.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(span.Slice(offset, 4));
            var size = BitConverter.ToInt32(span.Slice(offset + 4, 4));
            if (id == "fmt ")
            {
                channels = BitConverter.ToInt16(span.Slice(offset + 10, 2));
                rate = BitConverter.ToInt32(span.Slice(offset + 12, 4));
                bits = BitConverter.ToInt16(span.Slice(offset + 22, 2));
            }
            else if (id == "data")
            {
                Assert.Equal(16, bits);
                var frames = Math.Min(size, span.Length - offset - 8) / (2 * channels);
                var samples = new float[frames];
                for (var f = 0; f < frames; f++)
                {
                    float sum = 0;
                    for (var c = 0; c < channels; c++)
                    {
                        sum += BitConverter.ToInt16(span.Slice(offset + 8 + (((f * channels) + c) * 2), 2)) / 32768f;
                    }

                    samples[f] = sum / channels;
                }

                return (samples, rate);
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk");
    }
}
