namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// ADTS (ISO/IEC 13818-7, 6.2 / 14496-3, 1.A.3): a 7-byte header (9 with CRC) before each frame, as
/// .aac files and live TTS streams carry AAC. Every header must agree with the first on the codec setup.
/// </summary>
internal sealed class AdtsFrames : IAacFrames
{
    private const int HeaderLength = 7;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[8192]; // the 13-bit frame length bounds every frame

    public AdtsFrames(Stream stream)
    {
        _stream = stream;
        Span<byte> head = stackalloc byte[Id3Tag.HeaderLength];
        var start = stream.Position;
        if (!ReadExactly(head))
        {
            throw AudioErrors.Undecodable("the ADTS header is cut short.");
        }

        stream.Position = start + Id3Tag.Length(head); // a leading ID3 tag (HLS segments carry one)
        if (!ReadExactly(head[..HeaderLength]))
        {
            throw AudioErrors.Undecodable("the ADTS header is cut short.");
        }

        var parsed = Parse(head);
        Config = AacConfig.Create(parsed.Profile + 1, parsed.RateIndex);
        _stream.Position -= HeaderLength;
    }

    public AacConfig Config { get; }

    public long Priming => AacFrameDecoder.FrameLength; // ADTS cannot say: see IAacFrames.Priming

    public long? Length => null;

    public bool TryRead(out byte[] buffer, out int length)
    {
        buffer = _buffer;
        length = 0;
        Span<byte> header = stackalloc byte[HeaderLength];
        if (!ReadExactly(header))
        {
            return false; // the end, or a partial header at the end of a cut stream
        }

        var parsed = Parse(header);
        if (parsed.RateIndex != Config.SampleRateIndex || parsed.Profile + 1 != AacConfig.LowComplexity)
        {
            throw AudioErrors.Undecodable("an ADTS header changes the stream's rate or profile mid-stream.");
        }

        if (parsed.RawBlocks != 0)
        {
            throw AudioErrors.Unsupported("ADTS frames holding several raw data blocks.");
        }

        var headerLength = parsed.ProtectionAbsent ? HeaderLength : HeaderLength + 2;
        length = parsed.FrameLength - headerLength;
        if (length <= 0)
        {
            throw AudioErrors.Undecodable("an ADTS frame is shorter than its header.");
        }

        if (!parsed.ProtectionAbsent && !ReadExactly(_buffer.AsSpan(0, 2)))
        {
            return false;
        }

        return ReadExactly(_buffer.AsSpan(0, length)); // a frame cut at the end of the stream is dropped
    }

    public void Dispose() => _stream.Dispose();

    private static Header Parse(ReadOnlySpan<byte> h)
    {
        if (h[0] != 0xFF || (h[1] & 0xF6) != 0xF0)
        {
            throw AudioErrors.Undecodable("an ADTS frame does not start with the sync word.");
        }

        return new Header(
            ProtectionAbsent: (h[1] & 1) != 0,
            Profile: h[2] >> 6,
            RateIndex: (h[2] >> 2) & 0xF,
            FrameLength: ((h[3] & 3) << 11) | (h[4] << 3) | (h[5] >> 5),
            RawBlocks: h[6] & 3);
    }

    private bool ReadExactly(Span<byte> into) => _stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false) == into.Length;

    private readonly record struct Header(bool ProtectionAbsent, int Profile, int RateIndex, int FrameLength, int RawBlocks);
}
