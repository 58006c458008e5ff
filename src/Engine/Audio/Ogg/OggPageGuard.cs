using System.Buffers.Binary;

namespace Lipsync.Engine.Audio.Ogg;

/// <summary>
/// A read-only stream of checked Ogg pages between the caller's bytes and NVorbis. Every page must
/// carry its capture pattern, version 0, a correct CRC, the first page's serial number (one logical
/// stream) and the next sequence number; the first page must hold the Vorbis identification header
/// alone, checked against the spec. The end-of-stream flag is cleared before NVorbis sees the last
/// page: its end-of-stream trim casts the granule gap to <c>int</c>, and an absurd last granule then
/// leaves its sample loop spinning forever. That granule is kept here so <see cref="VorbisSource"/>
/// can trim the encoder's padding itself, range-checked.
/// Every loop consumes input bytes, so the pass ends on any input; memory is one page (64 KiB).
/// </summary>
internal sealed class OggPageGuard : Stream
{
    private const int HeaderSize = 27;
    private const int MaxPageSize = HeaderSize + 255 + (255 * 255);
    private readonly Stream _inner;
    private readonly byte[] _page = new byte[MaxPageSize];
    private int _pageLength;
    private int _pageOffset;
    private uint _serial;
    private uint _nextSequence;
    private bool _started;
    private bool _ended;

    public OggPageGuard(Stream inner)
    {
        _inner = inner;
        if (!ReadPage())
        {
            throw AudioErrors.Undecodable("the Ogg file ends inside its first page.");
        }

        var flags = _page[5];
        var segments = _page[26];
        if ((flags & 0x02) == 0)
        {
            throw AudioErrors.Undecodable("the first Ogg page does not begin a stream.");
        }

        // Spec (Vorbis I, 4.2.1): the identification header is alone on the first page.
        var firstPacket = _page.AsSpan(HeaderSize + segments, Math.Min(_pageLength - HeaderSize - segments, _page[HeaderSize]));
        Identification = VorbisIdentification.Parse(firstPacket);
        if (segments != 1)
        {
            throw AudioErrors.Undecodable("the first Ogg page holds more than the identification header.");
        }
    }

    public VorbisIdentification Identification { get; }

    /// <summary>Packets completed so far (each can yield at most half a long block per channel).</summary>
    public long Packets { get; private set; }

    /// <summary>The granule position of the end-of-stream page, once read and if it declared one.</summary>
    public long? FinalGranule { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_pageOffset == _pageLength && (_ended || !ReadPage()))
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, _pageLength - _pageOffset);
        _page.AsSpan(_pageOffset, n).CopyTo(buffer);
        _pageOffset += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads, checks and rewrites the next page into the buffer; false at the end of the input.</summary>
    private bool ReadPage()
    {
        _pageOffset = 0;
        _pageLength = 0;
        var got = ReadFully(_page.AsSpan(0, HeaderSize));
        if (got < HeaderSize)
        {
            _ended = true; // end of input, or a cut file: what came before is decoded
            return false;
        }

        var header = _page.AsSpan(0, HeaderSize);
        if (!header.StartsWith("OggS"u8) || header[4] != 0 || (header[5] & ~0x07) != 0)
        {
            throw AudioErrors.Undecodable("an Ogg page header is corrupt.");
        }

        var segments = header[26];
        if (ReadFully(_page.AsSpan(HeaderSize, segments)) < segments)
        {
            return End();
        }

        var bodyLength = 0;
        var packetsEnding = 0;
        foreach (var lacing in _page.AsSpan(HeaderSize, segments))
        {
            bodyLength += lacing;
            packetsEnding += lacing < 255 ? 1 : 0;
        }

        var length = HeaderSize + segments + bodyLength;
        if (ReadFully(_page.AsSpan(HeaderSize + segments, bodyLength)) < bodyLength)
        {
            return End();
        }

        var page = _page.AsSpan(0, length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(page[22..]) != OggCrc.OfPage(page))
        {
            throw AudioErrors.Undecodable("an Ogg page fails its checksum.");
        }

        var serial = BinaryPrimitives.ReadUInt32LittleEndian(page[14..]);
        var sequence = BinaryPrimitives.ReadUInt32LittleEndian(page[18..]);
        if (_started && serial != _serial)
        {
            throw AudioErrors.Unsupported("an Ogg file with more than one logical stream (chained or multiplexed).");
        }

        if (sequence != _nextSequence)
        {
            throw AudioErrors.Undecodable("Ogg pages are missing or out of order.");
        }

        var granule = BinaryPrimitives.ReadInt64LittleEndian(page[6..]);
        if (granule < -1)
        {
            throw AudioErrors.Undecodable("an Ogg page declares a negative position.");
        }

        _started = true;
        _serial = serial;
        _nextSequence = sequence + 1;
        Packets += packetsEnding;
        if ((page[5] & 0x04) != 0)
        {
            // NVorbis trims the stream's end from this granule with an unchecked int cast; it never sees
            // the end-of-stream flag (so never trims: the data simply ends), and we trim instead.
            FinalGranule = granule >= 0 ? granule : null;
            _ended = true;
            page[5] &= 0xFB;
            BinaryPrimitives.WriteUInt32LittleEndian(page[22..], OggCrc.OfPage(page));
        }

        _pageLength = length;
        return true;
    }

    private bool End()
    {
        _ended = true;
        return false;
    }

    private int ReadFully(Span<byte> buffer)
    {
        var got = 0;
        int n;
        while (got < buffer.Length && (n = _inner.Read(buffer[got..])) > 0)
        {
            got += n;
        }

        return got;
    }
}
