namespace Lipsync.Engine.Audio.Flac;

/// <summary>FLAC's checksums: CRC-8 (polynomial 0x07) over frame headers, CRC-16 (0x8005) over frames.</summary>
internal static class FlacCrc
{
    private static readonly byte[] Table8 = Build8();
    private static readonly ushort[] Table16 = Build16();

    public static byte Step8(byte crc, byte b) => Table8[crc ^ b];

    public static ushort Step16(ushort crc, byte b) => (ushort)((crc << 8) ^ Table16[(crc >> 8) ^ b]);

    private static byte[] Build8()
    {
        var table = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 0x80) != 0 ? (c << 1) ^ 0x07 : c << 1;
            }

            table[i] = (byte)c;
        }

        return table;
    }

    private static ushort[] Build16()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var c = i << 8;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 0x8000) != 0 ? (c << 1) ^ 0x8005 : c << 1;
            }

            table[i] = (ushort)c;
        }

        return table;
    }
}
