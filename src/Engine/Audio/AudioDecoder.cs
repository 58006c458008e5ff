namespace Lipsync.Engine.Audio;

/// <summary>What the first bytes say a file is.</summary>
internal enum AudioFormat
{
    Wav,
    Ogg,
    Mp3,
}

/// <summary>Picks the decoder from the first bytes (never from a file name or a declared type).</summary>
internal static class AudioDecoder
{
    public static IAudioSource Open(Stream stream) => Sniff(stream) switch
    {
        AudioFormat.Wav => WavSource.Open(stream),
        AudioFormat.Ogg => new VorbisSource(stream),
        _ => new Mp3Source(stream),
    };

    /// <summary>True when the format is decoded by a third-party codec (run isolated by the engine).</summary>
    public static bool NeedsIsolation(Stream stream) => Sniff(stream) != AudioFormat.Wav;

    /// <summary>The format from the first 12 bytes, the stream left where it was; a catalogue error for anything else.</summary>
    public static AudioFormat Sniff(Stream stream)
    {
        Span<byte> magic = stackalloc byte[12];
        var start = stream.Position;
        var got = 0;
        int n;
        while (got < magic.Length && (n = stream.Read(magic[got..])) > 0)
        {
            got += n;
        }

        stream.Position = start;
        if (got == 0)
        {
            throw AudioErrors.Empty();
        }

        magic = magic[..got];
        if (magic.StartsWith("RIFF"u8) && got >= 12 && magic[8..12].SequenceEqual("WAVE"u8))
        {
            return AudioFormat.Wav;
        }

        if (magic.StartsWith("OggS"u8))
        {
            return AudioFormat.Ogg;
        }

        if (magic.StartsWith("ID3"u8) || (got >= 2 && magic[0] == 0xFF && (magic[1] & 0xE0) == 0xE0))
        {
            return AudioFormat.Mp3;
        }

        if (magic.StartsWith("fLaC"u8))
        {
            throw AudioErrors.Unsupported("FLAC.");
        }

        if (magic.StartsWith("RIFF"u8) || magic.StartsWith("RIFX"u8) || magic.StartsWith("RF64"u8))
        {
            throw AudioErrors.Unsupported("a RIFF file that is not little-endian WAVE.");
        }

        throw AudioErrors.Unsupported("the file does not start like WAV, MP3 or Ogg.");
    }
}
