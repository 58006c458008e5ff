using System.Buffers.Binary;

namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// MSB-first bit reader over one AAC frame held in memory. Reading past the frame's end is a corrupt
/// frame, never a read of whatever follows, so every loop driven by the bits ends with the frame.
/// </summary>
internal sealed class AacBitReader
{
    private byte[] _data = [];
    private int _end; // in bytes
    private long _position; // in bits

    public long BitsLeft => ((long)_end * 8) - _position;

    public long Position => _position;

    public void Reset(byte[] data, int length)
    {
        _data = data;
        _end = length;
        _position = 0;
    }

    /// <summary>An unsigned value of 0..25 bits.</summary>
    public int Read(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        if (_position + count > (long)_end * 8)
        {
            throw AudioErrors.Undecodable("an AAC frame ends in the middle of its data.");
        }

        var index = (int)(_position >> 3);
        var shift = (int)(_position & 7);
        ulong window;
        if (index + 8 <= _end)
        {
            window = BinaryPrimitives.ReadUInt64BigEndian(_data.AsSpan(index));
        }
        else
        {
            window = 0;
            for (var i = 0; i < 8; i++)
            {
                window = (window << 8) | (index + i < _end ? _data[index + i] : 0u);
            }
        }

        _position += count;
        return (int)((window << shift) >> (64 - count));
    }

    public bool ReadBit() => Read(1) != 0;

    /// <summary>Moves by <paramref name="count"/> bits, backwards when negative (to give back a peek).</summary>
    public void Skip(long count)
    {
        if (_position + count < 0 || _position + count > (long)_end * 8)
        {
            throw AudioErrors.Undecodable("an AAC frame ends in the middle of its data.");
        }

        _position += count;
    }

    public void ByteAlign() => _position = (_position + 7) & ~7L;
}
