namespace Lipsync.Engine.Audio.Matroska;

/// <summary>
/// Splits a Matroska (Simple)Block's payload into its frames (RFC 9559, section 10.3): no lacing, Xiph,
/// fixed-size or EBML lacing. Every size is checked against the bytes actually present.
/// </summary>
internal static class BlockLacing
{
    /// <summary>Parses the block header; returns the track number and fills <paramref name="frames"/> with (offset, length) pairs.</summary>
    public static ulong Split(ReadOnlySpan<byte> block, List<(int Offset, int Length)> frames)
    {
        frames.Clear();
        var pos = 0;
        var track = ReadVint(block, ref pos, out _);
        if (pos + 3 > block.Length)
        {
            throw Corrupt();
        }

        var flags = block[pos + 2];
        pos += 3; // 16-bit relative timestamp, flags
        var lacing = (flags >> 1) & 3;
        if (lacing == 0)
        {
            frames.Add((pos, block.Length - pos));
            return track;
        }

        if (pos >= block.Length)
        {
            throw Corrupt();
        }

        var count = block[pos++] + 1;
        Span<int> sizes = stackalloc int[count];
        switch (lacing)
        {
            case 1: // Xiph: each size as a run of 255s and a final byte
                for (var i = 0; i < count - 1; i++)
                {
                    var size = 0;
                    byte b;
                    do
                    {
                        if (pos >= block.Length)
                        {
                            throw Corrupt();
                        }

                        b = block[pos++];
                        size += b;
                    }
                    while (b == 255);
                    sizes[i] = size;
                }

                break;
            case 3 when count > 1: // EBML: the first size, then signed differences (none for a single frame)
                long previous = (long)ReadVint(block, ref pos, out _);
                sizes[0] = CheckSize(previous, block.Length);
                for (var i = 1; i < count - 1; i++)
                {
                    var raw = ReadVint(block, ref pos, out var length);
                    previous += (long)raw - ((1L << ((7 * length) - 1)) - 1);
                    sizes[i] = CheckSize(previous, block.Length);
                }

                break;
            case 3:
                break;
            default: // fixed: equal sizes
                if ((block.Length - pos) % count != 0)
                {
                    throw Corrupt();
                }

                sizes.Fill((block.Length - pos) / count);
                break;
        }

        if (lacing != 2)
        {
            long used = 0;
            for (var i = 0; i < count - 1; i++)
            {
                used += sizes[i];
            }

            if (used > block.Length - pos)
            {
                throw Corrupt();
            }

            sizes[count - 1] = (int)(block.Length - pos - used);
        }

        foreach (var size in sizes)
        {
            frames.Add((pos, size));
            pos += size;
        }

        return track;
    }

    private static int CheckSize(long size, int limit) => size >= 0 && size <= limit ? (int)size : throw Corrupt();

    private static ulong ReadVint(ReadOnlySpan<byte> data, ref int pos, out int length) =>
        EbmlVint.TryRead(data, ref pos, keepMarker: false, out var value, out length) ? value : throw Corrupt();

    private static Contracts.Errors.LipsyncException Corrupt() => AudioErrors.Undecodable("a Matroska block's lacing is corrupt.");
}
