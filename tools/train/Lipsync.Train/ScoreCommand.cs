using System.Globalization;
using System.Text.Json;

namespace Lipsync.Train;

/// <summary>
/// <c>score &lt;truth-dir&gt; &lt;pred-dir&gt; &lt;name&gt; [--json file]</c>: scores a peer's output against the labels.
/// Accepts <c>&lt;n&gt;.visemes</c> (one viseme id per 10 ms frame: all metrics, e.g. the web SDK's
/// on-device engine), <c>&lt;n&gt;.frames</c> (one coarse class per 10 ms frame; coarse metrics only) or
/// <c>&lt;n&gt;.phones</c> ("start end PHONE" segments, mapped through the same phone table as the truth).
/// </summary>
public static class ScoreCommand
{
    public static int Run(string truthDir, string predDir, string name, string? jsonPath)
    {
        var metrics = new Metrics();
        var hasIds = false;
        foreach (var lab in Directory.EnumerateFiles(truthDir, "*.lab").Order(StringComparer.Ordinal))
        {
            var stem = Path.GetFileNameWithoutExtension(lab);
            var visemes = Path.Combine(predDir, stem + ".visemes");
            var frames = Path.Combine(predDir, stem + ".frames");
            var phones = Path.Combine(predDir, stem + ".phones");
            List<(int?, Coarse)> predicted;
            if (File.Exists(visemes))
            {
                hasIds = true;
                predicted = File.ReadLines(visemes).Where(l => l.Length > 0)
                    .Select(l => int.Parse(l, CultureInfo.InvariantCulture)).Select(v => ((int?)v, PhoneSet.CoarseOf(v))).ToList();
            }
            else if (File.Exists(frames))
            {
                predicted = File.ReadLines(frames).Where(l => l.Length > 0).Select(l => ((int?)null, Enum.Parse<Coarse>(l))).ToList();
            }
            else if (File.Exists(phones))
            {
                hasIds = true;
                predicted = FromPhones(phones);
            }
            else
            {
                continue;
            }

            metrics.Add(predicted, FrameLabels.Read(lab, predicted.Count, LabelLag.Seconds));
        }

        Console.WriteLine($"{name}: {metrics.Summary()}{(hasIds ? "" : " (coarse only)")}");
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["system"] = name,
                ["frames"] = metrics.Frames,
                ["accuracy22"] = hasIds ? Math.Round(metrics.Accuracy22, 4) : null,
                ["accuracy22Tolerance2"] = hasIds ? Math.Round(metrics.Accuracy22Tolerant, 4) : null,
                ["coarse8"] = Math.Round(metrics.Coarse8, 4),
                ["coarse8Balanced"] = Math.Round(metrics.Coarse8Balanced, 4),
                ["coarse8Tolerance2"] = Math.Round(metrics.Coarse8Tolerant, 4),
                ["recall"] = metrics.Recalls(),
            }));
        }

        return 0;
    }

    private static List<(int?, Coarse)> FromPhones(string path)
    {
        var segments = File.ReadLines(path)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 3)
            .Select(p => (Start: double.Parse(p[0], CultureInfo.InvariantCulture), Phone: p[2]))
            .ToList();
        var end = segments.Count == 0 ? 0 : double.Parse(File.ReadLines(path).Last().Split(' ')[1], CultureInfo.InvariantCulture);
        var frames = (int)Math.Ceiling(end * 100) + 1;
        var result = new List<(int?, Coarse)>(frames);
        var s = 0;
        for (var i = 0; i < frames; i++)
        {
            var t = (i * 0.010) + 0.005;
            while (s + 1 < segments.Count && segments[s + 1].Start <= t)
            {
                s++;
            }

            var phone = segments.Count == 0 ? "SIL" : segments[s].Phone;
            result.Add(PhoneSet.TryGet(phone, out var ids, out var primary, out _) ? (ids[0], primary) : (0, Coarse.SIL));
        }

        return result;
    }
}
