namespace Lipsync.Engine.Audio.Ogg;

/// <summary>
/// Packets of one logical Ogg stream, reassembled from checked pages (<see cref="OggPageReader"/>).
/// A packet longer than <c>maxPacket</c> bytes is refused rather than buffered; a packet cut by the end
/// of the input is dropped. Each call consumes at least one lacing value or one page, so it ends.
/// </summary>
internal sealed class OggPacketReader(Stream inner, int maxPacket)
{
    private readonly OggPageReader _pages = new(inner);
    private byte[] _packet = new byte[4096];
    private int _length;
    private int _segment;
    private int _bodyOffset;
    private bool _havePage;
    private bool _ended;

    /// <summary>Packets returned so far.</summary>
    public long Count { get; private set; }

    /// <summary>The granule position of the end-of-stream page, once read and if it declared one.</summary>
    public long? FinalGranule { get; private set; }

    /// <summary>The next complete packet (valid until the next call); false at the end of the stream.</summary>
    public bool TryRead(out ReadOnlyMemory<byte> packet)
    {
        packet = default;
        while (true)
        {
            if (!_havePage || _segment == _pages.Segments)
            {
                if (_ended || !_pages.Next())
                {
                    _ended = true;
                    return false;
                }

                _havePage = true;
                _segment = 0;
                _bodyOffset = 0;
                if (_pages.Continued != (_length > 0))
                {
                    throw AudioErrors.Undecodable("an Ogg page's continuation flag disagrees with the packet before it.");
                }

                if (_pages.EndsStream)
                {
                    var granule = _pages.Granule;
                    FinalGranule = granule >= 0 ? granule : null;
                    _ended = true;
                }
            }

            var lacing = _pages.Lacing[_segment++];
            if (_length + lacing > maxPacket)
            {
                throw AudioErrors.Undecodable($"an Ogg packet is longer than {maxPacket} bytes.");
            }

            if (_packet.Length < _length + lacing)
            {
                Array.Resize(ref _packet, Math.Min(maxPacket, Math.Max(_packet.Length * 2, _length + lacing)));
            }

            _pages.Body.Slice(_bodyOffset, lacing).CopyTo(_packet.AsSpan(_length));
            _bodyOffset += lacing;
            _length += lacing;
            if (lacing < 255)
            {
                packet = _packet.AsMemory(0, _length);
                _length = 0;
                Count++;
                return true;
            }
        }
    }
}
