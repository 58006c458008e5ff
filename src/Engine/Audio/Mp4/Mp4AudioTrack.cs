namespace Lipsync.Engine.Audio.Mp4;

/// <summary>
/// The first audio track of an MP4/M4A/MOV file: its codec setup, its samples in decoding order (from the
/// sample table, or from movie fragments as browsers record), and the edit list's trim in track
/// timescale units (priming null when the file has no edit list).
/// </summary>
internal sealed record Mp4AudioTrack(Mp4Codec Codec, byte[] CodecConfig, int Timescale, IReadOnlyList<Mp4Sample> Samples, long? Priming, long? Length);
