namespace Lipsync.Engine.Audio;

/// <summary>Picks the decoder from the first bytes (never from a file name or a declared type).</summary>
internal static class AudioDecoder
{
    public static IAudioSource Open(Stream stream)
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
            return WavSource.Open(stream);
        }

        if (magic.StartsWith("OggS"u8))
        {
            return new VorbisSource(stream);
        }

        if (magic.StartsWith("ID3"u8) || (got >= 2 && magic[0] == 0xFF && (magic[1] & 0xE0) == 0xE0))
        {
            return new Mp3Source(stream);
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
