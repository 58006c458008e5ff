using System.Buffers.Binary;

namespace Lipsync.Engine.Audio;

/// <summary>
/// RIFF/WAVE reader: PCM 8/16/24/32-bit, IEEE float 32/64, G.711 mu-law and A-law (telephony), WAVE_FORMAT_EXTENSIBLE, any channel count
/// and rate. Defensive about lying headers: a data size past the end of the stream (or the streaming
/// value 0xFFFFFFFF) reads to the end; a truncated last frame is dropped; chunk walking is bounded.
/// </summary>
internal sealed class WavSource : IAudioSource
{
    private const int MaxChunks = 64;
    private readonly Stream _stream;
    private readonly int _bytesPerSample;
    private readonly WavEncoding _encoding;
    private long _remaining;
    private byte[] _buffer = [];

    private WavSource(Stream stream, int sampleRate, int channels, int bitsPerSample, WavEncoding encoding, long dataBytes)
    {
        _stream = stream;
        SampleRate = sampleRate;
        Channels = channels;
        _bytesPerSample = bitsPerSample / 8;
        _encoding = encoding;
        _remaining = dataBytes;
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public static WavSource Open(Stream stream)
    {
        Span<byte> header = stackalloc byte[12];
        if (!ReadExactly(stream, header) || !header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8))
        {
            throw AudioErrors.Undecodable("the RIFF/WAVE header is missing or truncated.");
        }

        int? sampleRate = null, channels = null, bits = null;
        var encoding = WavEncoding.Pcm;
        Span<byte> chunk = stackalloc byte[8];
        for (var i = 0; i < MaxChunks; i++)
        {
            if (!ReadExactly(stream, chunk))
            {
                throw AudioErrors.Undecodable(sampleRate is null ? "the 'fmt ' chunk is missing." : "the 'data' chunk is missing.");
            }

            var id = chunk[..4];
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (id.SequenceEqual("fmt "u8))
            {
                if (size is < 16 or > 1024)
                {
                    throw AudioErrors.Undecodable($"the 'fmt ' chunk has an impossible size ({size}).");
                }

                var fmt = new byte[size + (size & 1)];
                if (!ReadExactly(stream, fmt))
                {
                    throw AudioErrors.Undecodable("the 'fmt ' chunk is truncated.");
                }

                var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
                var rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));
                if (tag == 0xFFFE)
                {
                    if (size < 40)
                    {
                        throw AudioErrors.Undecodable("WAVE_FORMAT_EXTENSIBLE without its extension.");
                    }

                    tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(24)); // first two bytes of the sub-format GUID
                }

                encoding = tag switch
                {
                    1 => WavEncoding.Pcm,
                    3 => WavEncoding.Float,
                    6 => WavEncoding.ALaw,
                    7 => WavEncoding.MuLaw,
                    _ => throw AudioErrors.Unsupported($"WAV encoding {tag} (only PCM, IEEE float, and G.711 mu-law and A-law)."),
                };
                if (channels is 0 or > 64)
                {
                    throw AudioErrors.Undecodable($"the WAV header declares {channels} channels.");
                }

                if (rate is < 1000 or > 768_000)
                {
                    throw AudioErrors.Undecodable($"the WAV header declares an impossible sample rate ({rate} Hz).");
                }

                sampleRate = (int)rate;
                var valid = encoding switch
                {
                    WavEncoding.Float => bits is 32 or 64,
                    WavEncoding.Pcm => bits is 8 or 16 or 24 or 32,
                    _ => bits == 8,
                };
                if (!valid)
                {
                    throw AudioErrors.Unsupported($"{bits}-bit {encoding} WAV.");
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (sampleRate is null)
                {
                    throw AudioErrors.Undecodable("the 'data' chunk comes before 'fmt '.");
                }

                long dataBytes = size == uint.MaxValue ? long.MaxValue : size;
                if (stream.CanSeek)
                {
                    var held = stream.Length - stream.Position;
                    var bytesPerSecond = (long)sampleRate.Value * channels!.Value * (bits!.Value / 8);
                    if (size != uint.MaxValue && size - held > Math.Max(size / 100, bytesPerSecond / 10))
                    {
                        // Not a streaming writer's placeholder: the file was cut short (an interrupted upload or copy).
                        throw AudioErrors.Truncated((double)size / bytesPerSecond, (double)held / bytesPerSecond);
                    }

                    dataBytes = Math.Min(dataBytes, held);
                }

                return new WavSource(stream, sampleRate.Value, channels!.Value, bits!.Value, encoding, dataBytes);
            }
            else if (!Skip(stream, size + (size & 1)))
            {
                throw AudioErrors.Undecodable("a chunk runs past the end of the file.");
            }
        }

        throw AudioErrors.Undecodable("too many chunks before 'data'.");
    }

    public int Read(Span<float> interleaved)
    {
        var frameBytes = _bytesPerSample * Channels;
        var frames = interleaved.Length / Channels;
        var wanted = (int)Math.Min((long)frames * frameBytes, _remaining / frameBytes * frameBytes);
        if (wanted <= 0)
        {
            return 0;
        }

        if (_buffer.Length < wanted)
        {
            _buffer = new byte[wanted];
        }

        var got = 0;
        int n;
        while (got < wanted && (n = _stream.Read(_buffer, got, wanted - got)) > 0)
        {
            got += n;
        }

        got -= got % frameBytes; // drop a truncated last frame
        _remaining = got < wanted ? 0 : _remaining - got;
        var samples = got / _bytesPerSample;
        Convert(_buffer.AsSpan(0, got), interleaved[..samples]);
        return samples;
    }

    public void Dispose()
    {
    }

    private void Convert(ReadOnlySpan<byte> bytes, Span<float> output)
    {
        switch (_bytesPerSample, _encoding == WavEncoding.Float)
        {
            case (1, false) when _encoding == WavEncoding.MuLaw:
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = G711.MuLaw[bytes[i]];
                }

                break;
            case (1, false) when _encoding == WavEncoding.ALaw:
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = G711.ALaw[bytes[i]];
                }

                break;
            case (1, false):
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = (bytes[i] - 128) / 128f;
                }

                break;
            case (2, false):
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]) / 32768f;
                }

                break;
            case (3, false):
                for (var i = 0; i < output.Length; i++)
                {
                    var b = bytes.Slice(3 * i, 3);
                    output[i] = ((b[2] << 24) | (b[1] << 16) | (b[0] << 8)) / 2147483648f;
                }

                break;
            case (4, false):
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]) / 2147483648f;
                }

                break;
            case (4, true):
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = Sanitize(BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]));
                }

                break;
            default:
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = Sanitize((float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]));
                }

                break;
        }
    }

    private enum WavEncoding
    {
        Pcm,
        Float,
        MuLaw,
        ALaw,
    }

    // Float WAVs can carry NaN/Inf or out-of-range values; clamp so features stay finite.
    private static float Sanitize(float v) => float.IsFinite(v) ? Math.Clamp(v, -1f, 1f) : 0f;

    private static bool ReadExactly(Stream stream, Span<byte> buffer)
    {
        var got = 0;
        int n;
        while (got < buffer.Length && (n = stream.Read(buffer[got..])) > 0)
        {
            got += n;
        }

        return got == buffer.Length;
    }

    private static bool Skip(Stream stream, long count)
    {
        if (stream.CanSeek)
        {
            if (stream.Position + count > stream.Length)
            {
                return false;
            }

            stream.Seek(count, SeekOrigin.Current);
            return true;
        }

        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            var n = stream.Read(scratch[..(int)Math.Min(scratch.Length, count)]);
            if (n == 0)
            {
                return false;
            }

            count -= n;
        }

        return true;
    }
}
