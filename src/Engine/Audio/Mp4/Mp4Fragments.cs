namespace Lipsync.Engine.Audio.Mp4;

/// <summary>
/// Movie fragments (ISO/IEC 14496-12, 8.8): each 'moof' lists, per track, runs of samples ('trun') placed
/// from a base offset. The base is explicit in 'tfhd', or the 'moof' itself (default-base-is-moof, and the
/// first track fragment otherwise), or where the previous track fragment's data ended; so every track's
/// runs are walked, the audio track's kept.
/// </summary>
internal static class Mp4Fragments
{
    private const uint BaseDataOffset = 0x1;
    private const uint SampleDescriptionIndex = 0x2;
    private const uint DefaultDuration = 0x8;
    private const uint DefaultSize = 0x10;
    private const uint DefaultBaseIsMoof = 0x20000;

    public static void Read(ReadOnlySpan<byte> moof, long moofStart, uint audioTrack, IReadOnlyDictionary<uint, uint> trackDefaultSizes, Mp4SampleList samples)
    {
        long? previousEnd = null;
        foreach (var (type, start, length) in Mp4Box.Children(moof))
        {
            if (type != Mp4Box.Code("traf"))
            {
                continue;
            }

            var traf = moof.Slice(start, length);
            var tfhd = Mp4Box.Child(traf, "tfhd");
            if (tfhd.Length < 8)
            {
                throw Mp4Box.Corrupt();
            }

            var flags = Mp4Box.U32(tfhd, 0) & 0xFFFFFF;
            var track = Mp4Box.U32(tfhd, 4);
            var at = 8;
            var baseOffset = (flags & DefaultBaseIsMoof) != 0 ? moofStart : previousEnd ?? moofStart;
            if ((flags & BaseDataOffset) != 0)
            {
                baseOffset = (long)Math.Min(Mp4Box.U64(tfhd, at), long.MaxValue / 2);
                at += 8;
            }

            at += (flags & SampleDescriptionIndex) != 0 ? 4 : 0;
            at += (flags & DefaultDuration) != 0 ? 4 : 0;
            var defaultSize = (flags & DefaultSize) != 0 ? Mp4Box.U32(tfhd, at) : trackDefaultSizes.GetValueOrDefault(track);
            var next = baseOffset;
            foreach (var (runType, runStart, runLength) in Mp4Box.Children(traf))
            {
                if (runType == Mp4Box.Code("trun"))
                {
                    next = ReadRun(traf.Slice(runStart, runLength), baseOffset, next, defaultSize, track == audioTrack ? samples : null);
                }
            }

            previousEnd = next;
        }
    }

    /// <summary>Places one run's samples (adding them when <paramref name="samples"/> is given); returns where its data ends.</summary>
    private static long ReadRun(ReadOnlySpan<byte> trun, long baseOffset, long next, uint defaultSize, Mp4SampleList? samples)
    {
        var flags = Mp4Box.U32(trun, 0) & 0xFFFFFF;
        var count = Mp4Box.U32(trun, 4);
        var at = 8;
        var offset = next;
        if ((flags & 0x1) != 0)
        {
            offset = baseOffset + (int)Mp4Box.U32(trun, at); // data_offset is signed
            at += 4;
        }

        at += (flags & 0x4) != 0 ? 4 : 0; // first_sample_flags
        var hasDuration = (flags & 0x100) != 0;
        var hasSize = (flags & 0x200) != 0;
        var fieldSize = (hasDuration ? 4 : 0) + (hasSize ? 4 : 0) + ((flags & 0x400) != 0 ? 4 : 0) + ((flags & 0x800) != 0 ? 4 : 0);
        if (fieldSize > 0 ? count > (uint)((trun.Length - at) / fieldSize) : count > Mp4SampleList.MaxSamples)
        {
            throw Mp4Box.Corrupt(); // more samples than the run's table holds
        }

        for (var i = 0; i < count; i++)
        {
            long size = hasSize ? Mp4Box.U32(trun, at + (i * fieldSize) + (hasDuration ? 4 : 0)) : defaultSize;
            samples?.Add(offset, size);
            offset += size;
        }

        return offset;
    }
}
