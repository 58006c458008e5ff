namespace Lipsync.Engine.Features;

/// <summary>
/// Per-frame features of one recording, time-major (<c>Frames × LogMel.Bands</c>), with each frame's
/// level in dBFS, the exact audio length and the rate it was recorded at. The training exporter writes
/// exactly these numbers.
/// </summary>
public sealed class FeatureMatrix(float[] values, float[] levelsDbfs, int frames, long samples16k, int sourceSampleRate)
{
    public float[] Values { get; } = values;

    public float[] LevelsDbfs { get; } = levelsDbfs;

    public int Frames { get; } = frames;

    /// <summary>Audio length in samples at 16 kHz.</summary>
    public long Samples16k { get; } = samples16k;

    /// <summary>The sample rate the audio came in at, before resampling to 16 kHz: at 8 kHz or less it carries nothing above 4 kHz.</summary>
    public int SourceSampleRate { get; } = sourceSampleRate;

    /// <summary>Exact duration in ms (the last frame may be partial).</summary>
    public int DurationMs => (int)Math.Min(int.MaxValue, (Samples16k * 1000 + LogMel.SampleRate - 1) / LogMel.SampleRate);

    public ReadOnlySpan<float> Frame(int index) => Values.AsSpan(index * LogMel.Bands, LogMel.Bands);

    /// <summary>
    /// Per-recording mean and variance normalisation per band (over every frame), in place. Removes
    /// channel and level differences between recordings, which matter more than model capacity for
    /// unseen voices. Part of the model contract.
    /// </summary>
    public void Normalize()
    {
        if (Frames == 0)
        {
            return;
        }

        Span<double> mean = stackalloc double[LogMel.Bands];
        Span<double> sq = stackalloc double[LogMel.Bands];
        for (var t = 0; t < Frames; t++)
        {
            var row = Frame(t);
            for (var b = 0; b < LogMel.Bands; b++)
            {
                mean[b] += row[b];
                sq[b] += row[b] * row[b];
            }
        }

        Span<float> m = stackalloc float[LogMel.Bands];
        Span<float> inv = stackalloc float[LogMel.Bands];
        for (var b = 0; b < LogMel.Bands; b++)
        {
            var mu = mean[b] / Frames;
            var variance = Math.Max(sq[b] / Frames - (mu * mu), 1e-4);
            m[b] = (float)mu;
            inv[b] = (float)(1 / Math.Sqrt(variance));
        }

        for (var t = 0; t < Frames; t++)
        {
            var row = Values.AsSpan(t * LogMel.Bands, LogMel.Bands);
            for (var b = 0; b < LogMel.Bands; b++)
            {
                row[b] = (row[b] - m[b]) * inv[b];
            }
        }
    }
}
