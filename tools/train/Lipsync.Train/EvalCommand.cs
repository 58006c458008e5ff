using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lipsync.Contracts.Timelines;
using Lipsync.Engine;
using Microsoft.Extensions.Options;
using NWaves.Audio;
using NWaves.Signals;

namespace Lipsync.Train;

/// <summary>
/// <c>eval &lt;model&gt; &lt;dir&gt; [--snr dB] [--json file] [--confusion file.csv]</c>: the whole serving path
/// (decode → features → model → decoding → timeline) on every labelled utterance of a held-out voice,
/// scored per frame against the phone labels. With <c>--snr</c>, white noise is added at that SNR
/// (relative to the whole utterance's RMS) before decoding.
/// </summary>
public static class EvalCommand
{
    public static int Run(string model, string dir, double? snr, string? jsonPath, string? confusionPath)
    {
        using var engine = new TimelineEngine(Options.Create(new EngineOptions { ModelPath = model }));
        var metrics = new Metrics();
        var random = new Random(7);
        var audioSeconds = 0.0;
        var clock = Stopwatch.StartNew();
        foreach (var lab in Directory.EnumerateFiles(dir, "*.lab").Order(StringComparer.Ordinal))
        {
            var wav = Path.ChangeExtension(lab, ".wav");
            using Stream audio = snr is { } db ? WithNoise(wav, db, random) : File.OpenRead(wav);
            var timeline = engine.Process(audio);
            var frames = Timelines.TimelineToFrames(timeline);
            metrics.Add(frames, FrameLabels.Read(lab, frames.Length));
            audioSeconds += timeline.DurationMs / 1000.0;
        }

        clock.Stop();
        Console.WriteLine($"{Path.GetFileName(dir.TrimEnd('/'))}{(snr is null ? "" : $" +noise {snr} dB")}: {metrics.Summary()}  ({audioSeconds / clock.Elapsed.TotalSeconds:F0}x real time)");
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["voice"] = Path.GetFileName(dir.TrimEnd('/')),
                ["snrDb"] = snr?.ToString(CultureInfo.InvariantCulture) ?? "clean",
                ["frames"] = metrics.Frames,
                ["accuracy22"] = Math.Round(metrics.Accuracy22, 4),
                ["accuracy22Tolerance2"] = Math.Round(metrics.Accuracy22Tolerant, 4),
                ["coarse8"] = Math.Round(metrics.Coarse8, 4),
                ["coarse8Balanced"] = Math.Round(metrics.Coarse8Balanced, 4),
                ["coarse8Tolerance2"] = Math.Round(metrics.Coarse8Tolerant, 4),
            }));
        }

        if (confusionPath is not null)
        {
            using var csv = new StreamWriter(confusionPath);
            csv.WriteLine("truth," + string.Join(',', Enum.GetNames<Coarse>()));
            for (var r = 0; r < 8; r++)
            {
                csv.WriteLine(((Coarse)r) + "," + string.Join(',', Enumerable.Range(0, 8).Select(c => metrics.Confusion[r, c])));
            }
        }

        return 0;
    }

    private static MemoryStream WithNoise(string wav, double snrDb, Random random)
    {
        WaveFile file;
        using (var input = File.OpenRead(wav))
        {
            file = new WaveFile(input);
        }

        var samples = file[Channels.Left].Samples;
        var rms = Math.Sqrt(samples.Sum(s => (double)s * s) / Math.Max(1, samples.Length));
        var sigma = rms / Math.Pow(10, snrDb / 20);
        var noisy = new float[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            // Box-Muller Gaussian noise.
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            noisy[i] = (float)Math.Clamp(samples[i] + (sigma * g), -1, 1);
        }

        var output = new MemoryStream();
        new WaveFile(new DiscreteSignal(file.WaveFmt.SamplingRate, noisy), 16).SaveTo(output);
        output.Position = 0;
        return output;
    }
}
