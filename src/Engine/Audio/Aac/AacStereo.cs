namespace Lipsync.Engine.Audio.Aac;

/// <summary>Joint stereo of a channel pair element (ISO/IEC 14496-3, 4.6.8): mid/side and intensity stereo.</summary>
internal static class AacStereo
{
    /// <summary>ms_mask_present 1: the per-band flags, read into <paramref name="used"/>.</summary>
    public static void ReadMask(AacBitReader bits, IcsInfo info, bool[] used)
    {
        var present = bits.Read(2);
        Array.Clear(used);
        if (present == 3)
        {
            throw AudioErrors.Undecodable("an AAC frame uses the reserved mid/side mode 3.");
        }

        for (var g = 0; g < info.Groups; g++)
        {
            for (var band = 0; band < info.MaxSfb; band++)
            {
                used[(g * AacChannelStream.MaxBands) + band] = present == 2 || (present == 1 && bits.ReadBit());
            }
        }
    }

    /// <summary>
    /// Mid/side to left/right, then the right channel's intensity bands from the left's lines. Where both
    /// channels substitute noise under a mid/side flag the standard wants the same noise in both; like ffmpeg,
    /// each channel keeps its own (about 3 dB less in such bands of the mono mix, rare in speech).
    /// </summary>
    public static void Apply(AacChannelStream left, AacChannelStream right, bool[] used)
    {
        var info = left.Info;
        var window = 0;
        for (var g = 0; g < info.Groups; g++)
        {
            for (var band = 0; band < info.MaxSfb; band++)
            {
                var at = (g * AacChannelStream.MaxBands) + band;
                for (var w = 0; w < info.GroupLength[g]; w++)
                {
                    var offset = (window + w) * 128;
                    var lines = new Range(offset + info.Bands[band], offset + info.Bands[band + 1]);
                    if (BandType.IsIntensity(right.BandTypes[at]))
                    {
                        Intensity(left.Spectrum.AsSpan(lines), right.Spectrum.AsSpan(lines), right.BandTypes[at], right.ScaleFactors[at], used[at]);
                    }
                    else if (used[at] && right.BandTypes[at] != BandType.Noise && left.BandTypes[at] != BandType.Noise)
                    {
                        MidSide(left.Spectrum.AsSpan(lines), right.Spectrum.AsSpan(lines));
                    }
                }
            }

            window += info.GroupLength[g];
        }
    }

    private static void MidSide(Span<float> left, Span<float> right)
    {
        for (var k = 0; k < left.Length; k++)
        {
            var m = left[k];
            var s = right[k];
            left[k] = m + s;
            right[k] = m - s;
        }
    }

    /// <summary>
    /// The left channel's lines scaled by 0.5^(position/4), in phase for book 15 and inverted for 14. A set
    /// mid/side flag inverts again; ffmpeg applies that under ms_mask_present 2 as well as 1 (the standard
    /// names only 1), and its encoder writes intensity bands under mode 2, so this follows ffmpeg.
    /// </summary>
    private static void Intensity(ReadOnlySpan<float> left, Span<float> right, int type, int position, bool midSide)
    {
        var sign = (type == BandType.IntensityInPhase ? 1f : -1f) * (midSide ? -1f : 1f);
        var scale = sign * MathF.Pow(0.5f, 0.25f * position);
        for (var k = 0; k < left.Length; k++)
        {
            right[k] = left[k] * scale;
        }
    }
}
