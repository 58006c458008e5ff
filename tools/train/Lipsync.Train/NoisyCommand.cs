using NWaves.Audio;
using NWaves.Signals;

namespace Lipsync.Train;

/// <summary>
/// <c>noisy &lt;in-dir&gt; &lt;out-dir&gt; &lt;snr dB&gt;</c>: copies every labelled utterance with white Gaussian noise at
/// the given SNR (relative to the utterance's RMS), so every system is scored on the same noisy files.
/// </summary>
public static class NoisyCommand
{
    public static int Run(string inDir, string outDir, double snrDb)
    {
        Directory.CreateDirectory(outDir);
        var random = new Random(7);
        foreach (var lab in Directory.EnumerateFiles(inDir, "*.lab").Order(StringComparer.Ordinal))
        {
            WaveFile file;
            using (var input = File.OpenRead(Path.ChangeExtension(lab, ".wav")))
            {
                file = new WaveFile(input);
            }

            var samples = file[Channels.Left].Samples;
            var rms = Math.Sqrt(samples.Sum(s => (double)s * s) / Math.Max(1, samples.Length));
            var sigma = rms / Math.Pow(10, snrDb / 20);
            var noisy = new float[samples.Length];
            for (var i = 0; i < samples.Length; i++)
            {
                var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                noisy[i] = (float)Math.Clamp(samples[i] + (sigma * g), -1, 1);
            }

            using var output = File.Create(Path.Combine(outDir, Path.GetFileNameWithoutExtension(lab) + ".wav"));
            new WaveFile(new DiscreteSignal(file.WaveFmt.SamplingRate, noisy), 16).SaveTo(output);
            File.Copy(lab, Path.Combine(outDir, Path.GetFileName(lab)), overwrite: true);
        }

        return 0;
    }
}
