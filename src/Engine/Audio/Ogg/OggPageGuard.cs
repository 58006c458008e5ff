using System.Buffers.Binary;

namespace Lipsync.Engine.Audio.Ogg;

/// <summary>
/// A read-only stream of checked Ogg pages (<see cref="OggPageReader"/>) between the caller's bytes
/// and NVorbis. The first page must hold the Vorbis identification header alone, checked against the
/// spec. The end-of-stream flag is cleared before NVorbis sees the last page: its end-of-stream trim
/// casts the granule gap to <c>int</c>, and an absurd last granule then leaves its sample loop spinning
/// forever. That granule is kept here so <see cref="VorbisSource"/> can trim the encoder's padding
/// itself, range-checked.
/// </summary>
internal sealed class OggPageGuard : Stream
{
    private readonly OggPageReader _pages;
    private int _pageOffset;
    private bool _ended;

    public OggPageGuard(Stream inner)
    {
        _pages = new OggPageReader(inner);
        if (!_pages.Next())
        {
            throw AudioErrors.Undecodable("the Ogg file ends inside its first page.");
        }

        // Spec (Vorbis I, 4.2.1): the identification header is alone on the first page.
        if (_pages.Segments == 0)
        {
            throw AudioErrors.Undecodable("the first Ogg page is empty.");
        }

        var body = _pages.Body;
        Identification = VorbisIdentification.Parse(body[..Math.Min(body.Length, _pages.Lacing[0])]);
        if (_pages.Segments != 1)
        {
            throw AudioErrors.Undecodable("the first Ogg page holds more than the identification header.");
        }

        Accept();
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
        if (_pageOffset == _pages.Length)
        {
            if (_ended || !_pages.Next())
            {
                _ended = true; // end of input, or a cut file: what came before is decoded
                return 0;
            }

            Accept();
        }

        var n = Math.Min(buffer.Length, _pages.Length - _pageOffset);
        _pages.Page.Slice(_pageOffset, n).CopyTo(buffer);
        _pageOffset += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Counts the page's packets and rewrites an end-of-stream page before NVorbis sees it.</summary>
    private void Accept()
    {
        _pageOffset = 0;
        foreach (var lacing in _pages.Lacing)
        {
            Packets += lacing < 255 ? 1 : 0;
        }

        if (_pages.EndsStream)
        {
            // NVorbis trims the stream's end from this granule with an unchecked int cast; it never sees
            // the end-of-stream flag (so never trims: the data simply ends), and we trim instead.
            var granule = _pages.Granule;
            FinalGranule = granule >= 0 ? granule : null;
            _ended = true;
            var page = _pages.Page;
            page[5] &= 0xFB;
            BinaryPrimitives.WriteUInt32LittleEndian(page[22..], OggCrc.OfPage(page));
        }
    }
}
