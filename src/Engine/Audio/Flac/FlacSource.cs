namespace Lipsync.Engine.Audio.Flac;

/// <summary>
/// FLAC (RFC 9639), decoded by our own code: no maintained managed FLAC decoder is published on NuGet.
/// Every frame header and frame is checked against its CRC; every count (block size, predictor order,
/// partitions, bit widths) is range-checked before it sizes a loop or a buffer, and every loop consumes
/// input or is bounded by the block size (at most 65,536 samples), so a pass over any input ends. A file cut inside a frame ends at the last
/// whole frame. Sample rate and channel count may not change mid-stream.
/// </summary>
internal sealed class FlacSource : IAudioSource
{
    private const int MaxMetadataBlocks = 1024;
    private readonly FlacBitReader _bits;
    private readonly FlacStreamInfo _info;
    private readonly FlacFrameDecoder _frames;
    private float[] _pending = [];
    private int _pendingOffset;
    private int _pendingCount;
    private bool _ended;

    private FlacSource(FlacBitReader bits, FlacStreamInfo info)
    {
        _bits = bits;
        _info = info;
        _frames = new FlacFrameDecoder(bits, info);
    }

    public int SampleRate => _info.SampleRate;

    public int Channels => _info.Channels;

    public static FlacSource Open(Stream stream)
    {
        var bits = new FlacBitReader(stream);
        try
        {
            if (bits.ReadBits(32) != 0x664C6143) // "fLaC"
            {
                throw AudioErrors.Undecodable("the FLAC signature is missing.");
            }

            FlacStreamInfo? info = null;
            for (var i = 0; i < MaxMetadataBlocks; i++)
            {
                var last = bits.ReadBits(1) == 1;
                var type = bits.ReadBits(7);
                var length = bits.ReadBits(24);
                if (i == 0 && (type != 0 || length != 34))
                {
                    throw AudioErrors.Undecodable("the FLAC stream info block is missing.");
                }

                if (type == 127)
                {
                    throw AudioErrors.Undecodable("a FLAC metadata block has the forbidden type 127.");
                }

                if (type == 0)
                {
                    info = i == 0 ? FlacStreamInfo.Read(bits) : throw AudioErrors.Undecodable("a second FLAC stream info block.");
                }
                else
                {
                    for (var k = 0u; k < length; k++)
                    {
                        bits.ReadBits(8); // pictures, tags, seek tables: not needed
                    }
                }

                if (last)
                {
                    return new FlacSource(bits, info!.Value);
                }
            }

            throw AudioErrors.Undecodable("too many FLAC metadata blocks.");
        }
        catch (FlacBitReader.EndOfInput)
        {
            throw AudioErrors.Undecodable("the FLAC file ends inside its headers.");
        }
    }

    public int Read(Span<float> interleaved)
    {
        var written = 0;
        var want = interleaved.Length - (interleaved.Length % Channels);
        while (written < want)
        {
            if (_pendingOffset == _pendingCount)
            {
                if (_ended || !NextFrame())
                {
                    break;
                }
            }

            var n = Math.Min(want - written, _pendingCount - _pendingOffset);
            _pending.AsSpan(_pendingOffset, n).CopyTo(interleaved[written..]);
            _pendingOffset += n;
            written += n;
        }

        return written;
    }

    public void Dispose()
    {
    }

    private bool NextFrame()
    {
        try
        {
            if (!_bits.HasMore())
            {
                _ended = true;
                return false;
            }

            var frames = _frames.Decode();
            var count = frames * Channels;
            if (_pending.Length < count)
            {
                _pending = new float[count];
            }

            _frames.Interleave(_pending.AsSpan(0, count));
            _pendingOffset = 0;
            _pendingCount = count;
            return true;
        }
        catch (FlacBitReader.EndOfInput)
        {
            _ended = true; // cut inside the last frame: what came before stands
            return false;
        }
    }
}
