namespace Lipsync.Engine.Audio.Mp4;

/// <summary>The codecs an MP4 audio track can hold that this engine reads.</summary>
internal enum Mp4Codec
{
    Aac,
    Opus,
}
