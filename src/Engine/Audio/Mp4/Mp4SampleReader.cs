namespace Lipsync.Engine.Audio.Mp4;

/// <summary>Reads a track's samples in order into one reused buffer.</summary>
internal sealed class Mp4SampleReader(Stream stream, IReadOnlyList<Mp4Sample> samples) : IDisposable
{
    private byte[] _buffer = new byte[8192];
    private int _next;

    public bool TryRead(out byte[] buffer, out int length)
    {
        buffer = _buffer;
        length = 0;
        if (_next == samples.Count)
        {
            return false;
        }

        var sample = samples[_next++];
        if (sample.Size > _buffer.Length)
        {
            _buffer = new byte[sample.Size];
            buffer = _buffer;
        }

        stream.Position = sample.Offset;
        stream.ReadExactly(_buffer, 0, sample.Size); // the demuxer kept only samples inside the file
        length = sample.Size;
        return true;
    }

    public void Dispose() => stream.Dispose();
}
