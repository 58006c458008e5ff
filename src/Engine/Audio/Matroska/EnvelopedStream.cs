namespace Lipsync.Engine.Audio.Matroska;

/// <summary>
/// A read-only, seekable view of the input with a synthetic EBML element header in front, declaring the
/// input as the content of one master element. NEbml 1.1.0.5 refuses unknown-size elements at its root, and
/// a live recording's Segment is exactly that; one level down, an unknown size runs to its parent's end.
/// </summary>
internal sealed class EnvelopedStream : Stream
{
    /// <summary>The synthetic element's ID (EBML Void, which no reader acts on).</summary>
    public const ulong EnvelopeId = 0xEC;
    private readonly Stream _inner;
    private readonly long _innerStart;
    private readonly byte[] _header = new byte[9];
    private long _position;

    public EnvelopedStream(Stream inner)
    {
        _inner = inner;
        _innerStart = inner.Position;

        // The largest known 8-byte size, not the input's length: a cut upload's Segment then still fits
        // in its parent, and reading simply meets the end of the input (what came before stands).
        _header[0] = (byte)EnvelopeId;
        _header[1] = 0x01;
        _header.AsSpan(2).Fill(0xFF);
        _header[8] = 0xFE;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _header.Length + _inner.Length - _innerStart;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_position < _header.Length)
        {
            var n = Math.Min(buffer.Length, _header.Length - (int)_position);
            _header.AsSpan((int)_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        _inner.Position = _innerStart + _position - _header.Length;
        var read = _inner.Read(buffer);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        _position = Math.Max(0, origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        });
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
