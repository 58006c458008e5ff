namespace Lipsync.Engine.Audio.Matroska;

/// <summary>The element IDs the demuxer acts on (Matroska specification, RFC 9559), in their encoded form.</summary>
internal static class MatroskaIds
{
    public const ulong Ebml = 0x1A45DFA3;
    public const ulong DocType = 0x4282;
    public const ulong Segment = 0x18538067;
    public const ulong Tracks = 0x1654AE6B;
    public const ulong TrackEntry = 0xAE;
    public const ulong TrackNumber = 0xD7;
    public const ulong TrackType = 0x83;
    public const ulong CodecId = 0x86;
    public const ulong CodecPrivate = 0x63A2;
    public const ulong ContentEncodings = 0x6D80;
    public const ulong Cluster = 0x1F43B675;
    public const ulong SimpleBlock = 0xA3;
    public const ulong BlockGroup = 0xA0;
    public const ulong Block = 0xA1;

    /// <summary>TrackType value of an audio track.</summary>
    public const ulong AudioTrack = 2;
}
