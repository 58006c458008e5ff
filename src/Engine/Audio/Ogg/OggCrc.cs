namespace Lipsync.Engine.Audio.Ogg;

/// <summary>The Ogg page checksum (RFC 3533: CRC-32, polynomial 0x04C11DB7, no reflection, initial 0).</summary>
internal static class OggCrc
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The checksum of a whole page whose CRC field (bytes 22-25) is taken as zero.</summary>
    public static uint OfPage(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        for (var i = 0; i < page.Length; i++)
        {
            var b = i is >= 22 and < 26 ? (byte)0 : page[i];
            crc = (crc << 8) ^ Table[(byte)(crc >> 24) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var r = i << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                r = (r & 0x8000_0000) != 0 ? (r << 1) ^ 0x04C1_1DB7 : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}
