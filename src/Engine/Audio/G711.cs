namespace Lipsync.Engine.Audio;

/// <summary>G.711 μ-law and A-law expansion to linear samples in [-1, 1] (ITU-T G.711), as lookup tables.</summary>
internal static class G711
{
    public static readonly float[] MuLaw = Build(MuLawToLinear);
    public static readonly float[] ALaw = Build(ALawToLinear);

    private static float[] Build(Func<byte, int> expand)
    {
        var table = new float[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = expand((byte)i) / 32768f;
        }

        return table;
    }

    private static int MuLawToLinear(byte code)
    {
        var u = ~code & 0xFF;
        var t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    private static int ALawToLinear(byte code)
    {
        var a = code ^ 0x55;
        var t = (a & 0x0F) << 4;
        var segment = (a & 0x70) >> 4;
        t = segment switch
        {
            0 => t + 8,
            1 => t + 0x108,
            _ => (t + 0x108) << (segment - 1),
        };
        return (a & 0x80) != 0 ? t : -t;
    }
}
