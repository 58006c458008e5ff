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

    /// <summary>Mid/side to left/right in the flagged bands that are coded normally in both channels.</summary>
    public static void ApplyMidSide(AacChannelStream left, AacChannelStream right, bool[] used)
    {
        ForEachBand(left.Info, (at, start, end) =>
        {
            if (!used[at] || right.BandTypes[at] >= BandType.Noise || left.BandTypes[at] == BandType.Noise)
            {
                return;
            }

            for (var k = start; k < end; k++)
            {
                var m = left.Spectrum[k];
                var s = right.Spectrum[k];
                left.Spectrum[k] = m + s;
                right.Spectrum[k] = m - s;
            }
        });
    }

    /// <summary>Intensity bands of the right channel: the left channel's lines, scaled and signed.</summary>
    public static void ApplyIntensity(AacChannelStream left, AacChannelStream right, bool[] used)
    {
        ForEachBand(right.Info, (at, start, end) =>
        {
            var type = right.BandTypes[at];
            if (!BandType.IsIntensity(type))
            {
                return;
            }

            var sign = (type == BandType.IntensityInPhase ? 1f : -1f) * (used[at] ? -1f : 1f);
            var scale = sign * MathF.Pow(0.5f, 0.25f * right.ScaleFactors[at]);
            for (var k = start; k < end; k++)
            {
                right.Spectrum[k] = left.Spectrum[k] * scale;
            }
        });
    }

    private static void ForEachBand(IcsInfo info, Action<int, int, int> action)
    {
        var window = 0;
        for (var g = 0; g < info.Groups; g++)
        {
            for (var band = 0; band < info.MaxSfb; band++)
            {
                for (var w = 0; w < info.GroupLength[g]; w++)
                {
                    var offset = (window + w) * 128;
                    action((g * AacChannelStream.MaxBands) + band, offset + info.Bands[band], offset + info.Bands[band + 1]);
                }
            }

            window += info.GroupLength[g];
        }
    }
}
