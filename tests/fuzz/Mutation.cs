namespace Lipsync.Fuzzing;

/// <summary>Small random edits shared by the format mutators.</summary>
public static class Mutation
{
    /// <summary>Values that break arithmetic: zero, one, signs, powers of two, extremes.</summary>
    public static readonly long[] Interesting =
    [
        0, 1, -1, 2, 7, 8, 255, 256, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFF_FFFF, 0x8000_0000,
        0xFFFF_FFFF, 1L << 32, 1L << 40, 1L << 62, long.MaxValue, long.MinValue,
    ];

    /// <summary>One of: flip a bit, set a random byte, set an interesting byte, or overwrite a run.</summary>
    public static void Bytes(Random random, Span<byte> span)
    {
        if (span.IsEmpty)
        {
            return;
        }

        var at = random.Next(span.Length);
        switch (random.Next(4))
        {
            case 0: span[at] ^= (byte)(1 << random.Next(8)); break;
            case 1: span[at] = (byte)random.Next(256); break;
            case 2: span[at] = (byte)Interesting[random.Next(Interesting.Length)]; break;
            default:
                var run = span[at..][..Math.Min(span.Length - at, 1 + random.Next(16))];
                random.NextBytes(run);
                break;
        }
    }

    public static long InterestingValue(Random random) =>
        random.Next(4) == 0 ? random.NextInt64() : Interesting[random.Next(Interesting.Length)];
}
