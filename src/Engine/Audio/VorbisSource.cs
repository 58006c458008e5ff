using NVorbis;

namespace Lipsync.Engine.Audio;

/// <summary>Ogg Vorbis through NVorbis (sample-exact, no delay to compensate).</summary>
internal sealed class VorbisSource : IAudioSource
{
    private readonly VorbisReader _reader;
    private float[] _buffer = [];

    public VorbisSource(Stream stream)
    {
        try
        {
            _reader = new VorbisReader(stream, closeOnDispose: false);
            SampleRate = _reader.SampleRate;
            Channels = _reader.Channels;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw AudioErrors.Undecodable("the Ogg stream is not Vorbis or its headers are corrupt.", e);
        }

        if (SampleRate is < 1000 or > 768_000 || Channels is < 1 or > 255)
        {
            throw AudioErrors.Undecodable("the Vorbis headers declare an impossible format.");
        }
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public int Read(Span<float> interleaved)
    {
        if (_buffer.Length < interleaved.Length)
        {
            _buffer = new float[interleaved.Length];
        }

        try
        {
            var n = _reader.ReadSamples(_buffer, 0, interleaved.Length - interleaved.Length % Channels);
            _buffer.AsSpan(0, n).CopyTo(interleaved);
            return n;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw AudioErrors.Undecodable("the Vorbis stream is corrupt.", e);
        }
    }

    public void Dispose() => _reader.Dispose();
}
