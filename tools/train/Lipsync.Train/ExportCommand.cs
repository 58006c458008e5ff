using Lipsync.Engine.Features;

namespace Lipsync.Train;

/// <summary>
/// <c>export &lt;out&gt; &lt;split&gt; &lt;dir&gt;...</c>: runs the serving front end (decode → 16 kHz → log-mel →
/// per-utterance normalisation) on every labelled utterance and writes <c>&lt;split&gt;_x.npy</c> (N×40),
/// <c>&lt;split&gt;_y.npy</c> (N, Azure ids, −1 = ignore) and <c>&lt;split&gt;_len.npy</c> (frames per utterance), <c>&lt;split&gt;_names.txt</c> (voice/utterance per row).
/// </summary>
public static class ExportCommand
{
    public static int Run(string outDir, string split, IEnumerable<string> dirs, int from = 0)
    {
        Directory.CreateDirectory(outDir);
        var items = dirs.SelectMany(d => Directory.EnumerateFiles(d, "*.lab").Select(l => (Lab: l, Wav: Path.ChangeExtension(l, ".wav"))))
            .Where(x => File.Exists(x.Wav))
            .Where(x => from == 0 || (int.TryParse(Path.GetFileNameWithoutExtension(x.Lab), out var n) && n >= from))
            .OrderBy(x => x.Lab, StringComparer.Ordinal).ToList();
        var results = new (float[] X, long[] Y)[items.Count];
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            using var audio = File.OpenRead(items[i].Wav);
            var features = FrontEnd.Extract(audio, TimeSpan.FromMinutes(10));
            features.Normalize();
            var truth = FrameLabels.Read(items[i].Lab, features.Frames);
            results[i] = (features.Values, truth.Select(t => (long)t.Viseme).ToArray());
        });

        var frames = results.Sum(r => r.Y.Length);
        var x = new float[frames * LogMel.Bands];
        var y = new long[frames];
        var lengths = new long[results.Length];
        var at = 0;
        for (var i = 0; i < results.Length; i++)
        {
            results[i].X.CopyTo(x, at * LogMel.Bands);
            results[i].Y.CopyTo(y, at);
            lengths[i] = results[i].Y.Length;
            at += results[i].Y.Length;
        }

        Npy.Write(Path.Combine(outDir, split + "_x.npy"), x, frames, LogMel.Bands);
        Npy.Write(Path.Combine(outDir, split + "_y.npy"), y, frames);
        Npy.Write(Path.Combine(outDir, split + "_len.npy"), lengths, lengths.Length);
        File.WriteAllLines(Path.Combine(outDir, split + "_names.txt"), items.Select(x => Path.GetFileName(Path.GetDirectoryName(x.Lab)) + "/" + Path.GetFileNameWithoutExtension(x.Lab)));
        Console.WriteLine($"{split}: {items.Count} utterances, {frames} frames ({frames / 100.0 / 60:F1} min), {y.Count(v => v < 0)} unlabelled frames");
        return 0;
    }
}
