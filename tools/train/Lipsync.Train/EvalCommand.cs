using System.Diagnostics;
using System.Text.Json;
using Lipsync.Contracts.Timelines;
using Lipsync.Engine;
using Lipsync.Engine.Audio;
using Microsoft.Extensions.Options;

namespace Lipsync.Train;

/// <summary>
/// <c>eval &lt;model&gt; &lt;dir&gt; [--json file] [--confusion file.csv] [--ext .opus] [--media-type type] [--narrow-band model-8k.onnx]</c>:
/// the whole serving path (decode → features → model → decoding → timeline) on every labelled utterance of a
/// held-out voice, scored per frame against the phone labels. Without <c>--narrow-band</c> the one model
/// given reads every input, 8 kHz included; with it, 8 kHz input goes to that model, as served.
/// </summary>
public static class EvalCommand
{
    public static int Run(string model, string dir, string? jsonPath, string? confusionPath, float? switchPenalty = null, int? minRun = null, float? silenceDbfs = null, int? silenceMin = null, string extension = ".wav", string? mediaType = null, string? narrowBandModel = null)
    {
        // Decoding in process: the same decoders and features as served; decode workers only add isolation.
        var options = new EngineOptions { ModelPath = model, NarrowBandModelPath = narrowBandModel, IsolateCodecs = false };
        options.SwitchPenalty = switchPenalty ?? options.SwitchPenalty;
        options.MinRunFrames = minRun ?? options.MinRunFrames;
        options.SilenceDbfs = silenceDbfs ?? options.SilenceDbfs;
        options.SilenceMinFrames = silenceMin ?? options.SilenceMinFrames;
        using var engine = new TimelineEngine(Options.Create(options));
        if (!RawAudioFormat.TryParse(mediaType, out var raw, out var problem))
        {
            Console.Error.WriteLine(problem);
            return 2;
        }

        var metrics = new Metrics();
        var audioSeconds = 0.0;
        var clock = Stopwatch.StartNew();
        foreach (var lab in Directory.EnumerateFiles(dir, "*.lab").Order(StringComparer.Ordinal))
        {
            using var audio = File.OpenRead(Path.ChangeExtension(lab, extension));
            var timeline = engine.Process(audio, raw, options.MaxDuration);
            var frames = Timelines.TimelineToFrames(timeline);
            metrics.Add(frames, FrameLabels.Read(lab, frames.Length, LabelLag.Seconds));
            audioSeconds += timeline.DurationMs / 1000.0;
        }

        clock.Stop();
        Console.WriteLine($"{Path.GetFileName(dir.TrimEnd('/'))}: {metrics.Summary()}  ({audioSeconds / clock.Elapsed.TotalSeconds:F0}x real time)");
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["voice"] = Path.GetFileName(dir.TrimEnd('/')),
                ["frames"] = metrics.Frames,
                ["accuracy22"] = Math.Round(metrics.Accuracy22, 4),
                ["accuracy22Tolerance2"] = Math.Round(metrics.Accuracy22Tolerant, 4),
                ["coarse8"] = Math.Round(metrics.Coarse8, 4),
                ["coarse8Balanced"] = Math.Round(metrics.Coarse8Balanced, 4),
                ["coarse8Tolerance2"] = Math.Round(metrics.Coarse8Tolerant, 4),
                ["recall"] = metrics.Recalls(),
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
}
