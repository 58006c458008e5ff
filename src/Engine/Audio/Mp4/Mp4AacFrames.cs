using Lipsync.Engine.Audio.Aac;

namespace Lipsync.Engine.Audio.Mp4;

/// <summary>AAC frames of an MP4 audio track, with the edit list's priming and length converted to decoded samples.</summary>
internal sealed class Mp4AacFrames : IAacFrames
{
    private readonly Mp4SampleReader _reader;

    public Mp4AacFrames(Stream stream, Mp4AudioTrack track)
    {
        Config = AacConfig.Parse(track.CodecConfig);
        _reader = new Mp4SampleReader(stream, track.Samples);

        // The track's timescale is the output rate, twice the core's for HE-AAC: count in decoded samples.
        var ratio = (double)Config.SampleRate / track.Timescale;
        Priming = track.Priming is { } priming ? (long)Math.Round(priming * ratio) : AacFrameDecoder.FrameLength; // no edit list: see IAacFrames.Priming
        Length = track.Length is { } length ? (long)Math.Round(length * ratio) : null;
    }

    public AacConfig Config { get; }

    public long Priming { get; }

    public long? Length { get; }

    public bool TryRead(out byte[] buffer, out int length) => _reader.TryRead(out buffer, out length);

    public void Dispose() => _reader.Dispose();
}
