namespace Lipsync.Engine.Audio;

/// <summary>
/// Headerless samples as <see cref="RawAudioFormat"/> declares them. Like the WAV reader, every loop is
/// bounded by the bytes read, and a truncated last frame is dropped.
/// </summary>
internal sealed class RawPcmSource(Stream stream, RawAudioFormat format) : IAudioSource
{
    private readonly int _bytesPerSample = format.Encoding is RawEncoding.MuLaw or RawEncoding.ALaw ? 1 : 2;
    private byte[] _buffer = [];

    public int SampleRate => format.SampleRate;

    public int Channels => format.Channels;

    public int Read(Span<float> interleaved)
    {
        var frameBytes = _bytesPerSample * Channels;
        var wanted = interleaved.Length / Channels * frameBytes;
        if (_buffer.Length < wanted)
        {
            Array.Resize(ref _buffer, wanted);
        }

        var got = 0;
        int n;
        while (got < wanted && (n = stream.Read(_buffer, got, wanted - got)) > 0)
        {
            got += n;
        }

        var whole = got - (got % frameBytes); // short only at the end: a truncated last frame is dropped
        var samples = whole / _bytesPerSample;
        Convert(_buffer.AsSpan(0, whole), interleaved[..samples]);
        return samples;
    }

    public void Dispose()
    {
    }

    private void Convert(ReadOnlySpan<byte> bytes, Span<float> output)
    {
        switch (format.Encoding)
        {
            case RawEncoding.MuLaw:
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = G711.MuLaw[bytes[i]];
                }

                break;
            case RawEncoding.ALaw:
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = G711.ALaw[bytes[i]];
                }

                break;
            case RawEncoding.Linear16BigEndian:
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = (short)((bytes[2 * i] << 8) | bytes[(2 * i) + 1]) / 32768f;
                }

                break;
            default:
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = (short)(bytes[2 * i] | (bytes[(2 * i) + 1] << 8)) / 32768f;
                }

                break;
        }
    }
}
