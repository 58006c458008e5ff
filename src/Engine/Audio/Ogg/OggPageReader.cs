using System.Buffers.Binary;

namespace Lipsync.Engine.Audio.Ogg;

/// <summary>
/// Reads Ogg pages (RFC 3533) one at a time and checks each: capture pattern, version 0, known flags,
/// a correct CRC, the first page's serial number (one logical stream), the next sequence number and
/// a non-negative position. Every loop consumes input bytes, so reading ends on any input; memory is
/// one page (64 KiB). A page cut off by the end of the input ends the stream: what came before stands.
/// </summary>
internal sealed class OggPageReader(Stream inner)
{
    public const int HeaderSize = 27;
    private const int MaxPageSize = HeaderSize + 255 + (255 * 255);
    private readonly byte[] _page = new byte[MaxPageSize];
    private uint _serial;
    private uint _nextSequence;
    private bool _started;

    /// <summary>The current page, header included (writable: the Vorbis guard edits one flag).</summary>
    public Span<byte> Page => _page.AsSpan(0, Length);

    public int Length { get; private set; }

    public int Segments => _page[26];

    public ReadOnlySpan<byte> Lacing => _page.AsSpan(HeaderSize, Segments);

    public ReadOnlySpan<byte> Body => _page.AsSpan(HeaderSize + Segments, Length - HeaderSize - Segments);

    public bool Continued => (_page[5] & 0x01) != 0;

    public bool EndsStream => (_page[5] & 0x04) != 0;

    /// <summary>The page's granule position; -1 when no packet ends on it.</summary>
    public long Granule => BinaryPrimitives.ReadInt64LittleEndian(_page.AsSpan(6));

    /// <summary>Reads and checks the next page; false at the end of the input (or inside a cut page).</summary>
    public bool Next()
    {
        Length = 0;
        if (ReadFully(_page.AsSpan(0, HeaderSize)) < HeaderSize)
        {
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
            return false;
        }

        var bodyLength = 0;
        foreach (var lacing in _page.AsSpan(HeaderSize, segments))
        {
            bodyLength += lacing;
        }

        var length = HeaderSize + segments + bodyLength;
        if (ReadFully(_page.AsSpan(HeaderSize + segments, bodyLength)) < bodyLength)
        {
            return false;
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

        if (BinaryPrimitives.ReadInt64LittleEndian(page[6..]) < -1)
        {
            throw AudioErrors.Undecodable("an Ogg page declares a negative position.");
        }

        if (!_started && (page[5] & 0x02) == 0)
        {
            throw AudioErrors.Undecodable("the first Ogg page does not begin a stream.");
        }

        _started = true;
        _serial = serial;
        _nextSequence = sequence + 1;
        Length = length;
        return true;
    }

    private int ReadFully(Span<byte> buffer)
    {
        var got = 0;
        int n;
        while (got < buffer.Length && (n = inner.Read(buffer[got..])) > 0)
        {
            got += n;
        }

        return got;
    }
}
