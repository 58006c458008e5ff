namespace Lipsync.Engine.Audio;

/// <summary>An ID3v2 tag at the start of a file (id3.org, ID3v2.4 section 3.1): MP3 files and HLS/.aac audio carry one.</summary>
internal static class Id3Tag
{
    public const int HeaderLength = 10;

    /// <summary>The whole tag's length (header, body and footer) when <paramref name="head"/> starts with one; 0 otherwise.</summary>
    public static long Length(ReadOnlySpan<byte> head)
    {
        if (head.Length < HeaderLength || !head.StartsWith("ID3"u8) || ((head[6] | head[7] | head[8] | head[9]) & 0x80) != 0)
        {
            return 0;
        }

        long size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]; // four 7-bit bytes
        var footer = (head[5] & 0x10) != 0 ? HeaderLength : 0;
        return HeaderLength + size + footer;
    }
}
