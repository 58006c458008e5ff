namespace Lipsync.Engine.Audio.Flac;

/// <summary>
/// MSB-first bit reader over a stream, as FLAC codes everything. Bytes are fetched only when a read
/// needs them, so at a byte boundary the bytes fetched are the bytes consumed and the running CRC-8
/// and CRC-16 cover exactly the frame read so far. The end of the input raises <see cref="EndOfInput"/>.
/// </summary>
internal sealed class FlacBitReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _position;
    private int _length;
    private ulong _cache; // the low _bits bits are unread
    private int _bits;

    public byte Crc8 { get; private set; }

    public ushort Crc16 { get; private set; }

    public bool ByteAligned => _bits == 0;

    public void ResetCrc()
    {
        Crc8 = 0;
        Crc16 = 0;
    }

    /// <summary>True when at least one more byte can be read (the cache is empty, so nothing is lost).</summary>
    public bool HasMore() => _bits > 0 || _position < _length || Fill();

    /// <summary>An unsigned value of 0..32 bits.</summary>
    public uint ReadBits(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        while (_bits < count)
        {
            _cache = (_cache << 8) | NextByte();
            _bits += 8;
        }

        _bits -= count;
        return (uint)((_cache >> _bits) & ((1UL << count) - 1));
    }

    /// <summary>A two's-complement value of 0..32 bits.</summary>
    public int ReadSigned(int count) => count == 0 ? 0 : (int)((long)((ulong)ReadBits(count) << (64 - count)) >> (64 - count));

    /// <summary>A signed value of up to 33 bits (a side channel of 32-bit audio).</summary>
    public long ReadSignedLong(int count)
    {
        if (count <= 32)
        {
            return ReadSigned(count);
        }

        var high = ReadSigned(count - 32);
        return ((long)high << 32) | ReadBits(32);
    }

    /// <summary>The number of 0 bits before the next 1 bit (consumed), refused past <paramref name="limit"/>.</summary>
    public uint ReadUnary(uint limit)
    {
        uint zeros = 0;
        while (true)
        {
            if (_bits == 0)
            {
                _cache = NextByte();
                _bits = 8;
            }

            var window = _cache & ((1UL << _bits) - 1);
            if (window == 0)
            {
                zeros += (uint)_bits;
                _bits = 0;
            }
            else
            {
                var top = 63 - System.Numerics.BitOperations.LeadingZeroCount(window);
                zeros += (uint)(_bits - 1 - top);
                _bits = top;
                return zeros;
            }

            if (zeros > limit)
            {
                throw AudioErrors.Undecodable("a FLAC residual is out of range.");
            }
        }
    }

    public void AlignToByte() => _bits -= _bits % 8;

    private byte NextByte()
    {
        if (_position == _length && !Fill())
        {
            throw new EndOfInput();
        }

        var b = _buffer[_position++];
        Crc8 = FlacCrc.Step8(Crc8, b);
        Crc16 = FlacCrc.Step16(Crc16, b);
        return b;
    }

    private bool Fill()
    {
        _position = 0;
        _length = stream.Read(_buffer);
        return _length > 0;
    }

    /// <summary>The input ended inside a read (a cut file).</summary>
    internal sealed class EndOfInput : Exception
    {
    }
}
