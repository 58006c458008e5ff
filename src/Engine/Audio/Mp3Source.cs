using NLayer;

namespace Lipsync.Engine.Audio;

/// <summary>
/// MP3 through NLayer. NLayer's output lags the source by 529 samples (the decoder delay left after a
/// LAME header), so that many leading samples per channel are dropped to keep cues aligned.
/// </summary>
internal sealed class Mp3Source : IAudioSource
{
    internal const int DecoderDelaySamples = 529;
    private readonly MpegFile _file;
    private float[] _buffer = [];
    private int _toSkip;

    public Mp3Source(Stream stream)
    {
        try
        {
            _file = new MpegFile(stream);
            SampleRate = _file.SampleRate;
            Channels = _file.Channels;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw AudioErrors.Undecodable("no MPEG audio frames were found.", e);
        }

        if (SampleRate is < 8000 or > 48000 || Channels is < 1 or > 2)
        {
            throw AudioErrors.Undecodable("the MP3 stream has no valid frame header.");
        }

        _toSkip = DecoderDelaySamples * Channels;
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public int Read(Span<float> interleaved)
    {
        if (_buffer.Length < interleaved.Length)
        {
            _buffer = new float[interleaved.Length];
        }

        while (true)
        {
            int n;
            try
            {
                n = _file.ReadSamples(_buffer, 0, interleaved.Length - interleaved.Length % Channels);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw AudioErrors.Undecodable("the MP3 stream is corrupt.", e);
            }

            if (n <= 0)
            {
                return 0;
            }

            var skip = Math.Min(_toSkip, n);
            _toSkip -= skip;
            if (n - skip > 0)
            {
                _buffer.AsSpan(skip, n - skip).CopyTo(interleaved);
                return n - skip;
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
