using Lipsync.Engine.Audio.Aac;
using Lipsync.Engine.Audio.Flac;
using Lipsync.Engine.Audio.Matroska;
using Lipsync.Engine.Audio.Mp4;
using Lipsync.Engine.Audio.Opus;

namespace Lipsync.Engine.Audio;

/// <summary>What the first bytes (and, for headerless audio only, the declared media type) say a file is.</summary>
internal enum AudioFormat
{
    Wav,
    OggVorbis,
    OggOpus,
    WebmOpus,
    Flac,
    Mp3,
    Mp4,
    Adts,
    Raw,
}

/// <summary>
/// Picks the decoder from the first bytes, never from a file name. A declared media type is consulted
/// only for headerless audio (<see cref="RawAudioFormat"/>), and even then a container's own header wins.
/// </summary>
internal static class AudioDecoder
{
    private const int SniffLength = 64;

    public static string Supported => "WAV (PCM, float, G.711), MP3, Ogg Vorbis, Ogg Opus, WebM/Matroska Opus, FLAC, AAC-LC (MP4/M4A or ADTS), Opus in MP4, or headerless audio declared by its media type: " + RawAudioFormat.Accepted;

    public static IAudioSource Open(Stream stream, RawAudioFormat? raw = null) => Sniff(stream, raw) switch
    {
        AudioFormat.Wav => WavSource.Open(stream),
        AudioFormat.Raw => new RawPcmSource(stream, raw!),
        AudioFormat.OggVorbis => new VorbisSource(stream),
        AudioFormat.OggOpus => new OpusSource(new OggOpusPackets(stream)),
        AudioFormat.WebmOpus => new OpusSource(new WebmOpusPackets(stream)),
        AudioFormat.Flac => FlacSource.Open(stream),
        AudioFormat.Mp4 => OpenMp4(stream),
        AudioFormat.Adts => new AacSource(new AdtsFrames(stream)),
        _ => new Mp3Source(stream),
    };

    /// <summary>
    /// True when the format is decoded by a third-party codec or a decoder of compressed data, run in
    /// a decode worker by the engine; our bounded readers of uncompressed samples (WAV, raw) run in process.
    /// </summary>
    public static bool NeedsIsolation(Stream stream, RawAudioFormat? raw = null) => Sniff(stream, raw) is not (AudioFormat.Wav or AudioFormat.Raw);

    /// <summary>The format from the first bytes, the stream left where it was; a catalogue error for anything else.</summary>
    public static AudioFormat Sniff(Stream stream, RawAudioFormat? raw = null)
    {
        Span<byte> head = stackalloc byte[SniffLength];
        var start = stream.Position;
        var got = 0;
        int n;
        while (got < head.Length && (n = stream.Read(head[got..])) > 0)
        {
            got += n;
        }

        stream.Position = start;
        if (got == 0)
        {
            throw AudioErrors.Empty();
        }

        var magic = head[..got];
        if (magic.StartsWith("RIFF"u8) && got >= 12 && magic[8..12].SequenceEqual("WAVE"u8))
        {
            return AudioFormat.Wav;
        }

        if (magic.StartsWith("OggS"u8))
        {
            return OggCodec(magic);
        }

        if (magic.StartsWith("fLaC"u8))
        {
            return AudioFormat.Flac;
        }

        if (magic.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return AudioFormat.WebmOpus;
        }

        if (got >= 8 && magic[4..8].SequenceEqual("ftyp"u8))
        {
            return AudioFormat.Mp4;
        }

        if (magic.StartsWith("RIFF"u8) || magic.StartsWith("RIFX"u8) || magic.StartsWith("RF64"u8))
        {
            throw AudioErrors.Unsupported("a RIFF file that is not little-endian WAVE.");
        }

        // Headerless audio can begin with any bytes (an MP3 sync word included): its declared type decides.
        if (raw is not null)
        {
            return AudioFormat.Raw;
        }

        if (got >= 2 && magic[0] == 0xFF && (magic[1] & 0xF6) == 0xF0)
        {
            return AudioFormat.Adts;
        }

        if (magic.StartsWith("ID3"u8))
        {
            return IsAdtsAfter(stream, Id3Tag.Length(magic)) ? AudioFormat.Adts : AudioFormat.Mp3;
        }

        if (got >= 2 && magic[0] == 0xFF && (magic[1] & 0xE0) == 0xE0)
        {
            return AudioFormat.Mp3;
        }

        if (magic.StartsWith(".snd"u8))
        {
            throw AudioErrors.Unsupported("Sun/NeXT .au files; send the samples as 'audio/basic' or WAV.");
        }

        throw AudioErrors.Unsupported("the bytes do not start like any format this engine reads.");
    }

    /// <summary>Whether ADTS follows an ID3 tag of <paramref name="tagLength"/> bytes (AAC from HLS segments and some TTS services).</summary>
    private static bool IsAdtsAfter(Stream stream, long tagLength)
    {
        var start = stream.Position;
        if (tagLength == 0 || tagLength > stream.Length - start - 2)
        {
            return false;
        }

        Span<byte> sync = stackalloc byte[2];
        stream.Position = start + tagLength;
        var adts = stream.ReadAtLeast(sync, 2, throwOnEndOfStream: false) == 2 && sync[0] == 0xFF && (sync[1] & 0xF6) == 0xF0;
        stream.Position = start;
        return adts;
    }

    private static IAudioSource OpenMp4(Stream stream)
    {
        var track = Mp4Demuxer.Read(stream);
        return track.Codec == Mp4Codec.Opus
            ? new OpusSource(new Mp4OpusPackets(stream, track))
            : new AacSource(new Mp4AacFrames(stream, track));
    }

    /// <summary>The codec of an Ogg stream, from the first packet on its first page.</summary>
    private static AudioFormat OggCodec(ReadOnlySpan<byte> page)
    {
        if (page.Length < 28)
        {
            return AudioFormat.OggVorbis; // too short to tell: the Vorbis path names the problem
        }

        var packet = page[Math.Min(page.Length, 27 + page[26])..];
        if (OpusHead.Matches(packet))
        {
            return AudioFormat.OggOpus;
        }

        if (packet.StartsWith("\u007fFLAC"u8))
        {
            throw AudioErrors.Unsupported("Ogg FLAC; send native FLAC.");
        }

        return AudioFormat.OggVorbis;
    }
}
