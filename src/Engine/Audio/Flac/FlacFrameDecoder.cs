namespace Lipsync.Engine.Audio.Flac;

/// <summary>One FLAC frame at a time (RFC 9639, sections 9-9.3): header, subframes, residuals, channel decorrelation.</summary>
internal sealed class FlacFrameDecoder(FlacBitReader bits, FlacStreamInfo info)
{
    private const int MaxBlockSize = 65_536;
    private readonly long[][] _channels = Enumerable.Range(0, info.Channels).Select(_ => new long[Math.Min(MaxBlockSize, Math.Max(info.MaxBlockSize, 4096))]).ToArray();
    private readonly int[] _coefficients = new int[32];
    private int _blockSize;
    private int _bitsPerSample;
    private int _frames;

    /// <summary>Decodes the next frame; returns its block size. Trailing bytes that are not a frame end the stream.</summary>
    public int Decode()
    {
        bits.ResetCrc();
        var sync = bits.ReadBits(15);
        var variable = bits.ReadBits(1);
        if (sync != 0x7FFC)
        {
            if (_frames > 0)
            {
                throw new FlacBitReader.EndOfInput(); // trailing tags (ID3v1 "TAG") or junk after the audio
            }

            throw AudioErrors.Undecodable("the first FLAC frame has no sync code.");
        }

        var blockCode = bits.ReadBits(4);
        var rateCode = bits.ReadBits(4);
        var assignment = (int)bits.ReadBits(4);
        var sizeCode = bits.ReadBits(3);
        if (bits.ReadBits(1) != 0 || blockCode == 0 || rateCode == 15 || assignment > 10 || sizeCode == 3)
        {
            throw Corrupt("frame header");
        }

        ReadCodedNumber(variable == 1);
        _blockSize = blockCode switch
        {
            1 => 192,
            <= 5 => 576 << (int)(blockCode - 2),
            6 => (int)bits.ReadBits(8) + 1,
            7 => (int)bits.ReadBits(16) + 1,
            _ => 256 << (int)(blockCode - 8),
        };
        var rate = rateCode switch
        {
            0 => info.SampleRate,
            1 => 88_200,
            2 => 176_400,
            3 => 192_000,
            4 => 8_000,
            5 => 16_000,
            6 => 22_050,
            7 => 24_000,
            8 => 32_000,
            9 => 44_100,
            10 => 48_000,
            11 => 96_000,
            12 => (int)bits.ReadBits(8) * 1000,
            13 => (int)bits.ReadBits(16),
            _ => (int)bits.ReadBits(16) * 10,
        };
        _bitsPerSample = sizeCode switch
        {
            0 => info.BitsPerSample,
            1 => 8,
            2 => 12,
            4 => 16,
            5 => 20,
            6 => 24,
            _ => 32,
        };
        var expectedCrc8 = bits.Crc8;
        if (bits.ReadBits(8) != expectedCrc8)
        {
            throw AudioErrors.Undecodable("a FLAC frame header fails its checksum.");
        }

        var channels = assignment < 8 ? assignment + 1 : 2;
        if (channels != info.Channels || rate != info.SampleRate)
        {
            throw AudioErrors.Undecodable("a FLAC frame changes the sample rate or channel count mid-stream.");
        }

        for (var c = 0; c < channels; c++)
        {
            if (_channels[c].Length < _blockSize)
            {
                _channels[c] = new long[MaxBlockSize];
            }

            // The side channel carries one bit more (RFC 9639, 9.2: left/side, side/right, mid/side).
            var extra = (assignment == 8 && c == 1) || (assignment == 9 && c == 0) || (assignment == 10 && c == 1) ? 1 : 0;
            ReadSubframe(_channels[c].AsSpan(0, _blockSize), _bitsPerSample + extra);
        }

        bits.AlignToByte();
        var expectedCrc16 = bits.Crc16;
        if (bits.ReadBits(16) != expectedCrc16)
        {
            throw AudioErrors.Undecodable("a FLAC frame fails its checksum.");
        }

        Decorrelate(assignment);
        _frames++;
        return _blockSize;
    }

    /// <summary>Writes the last frame's samples interleaved, scaled to [-1, 1).</summary>
    public void Interleave(Span<float> output)
    {
        var channels = _channels.Length;
        var scale = 1.0 / (1L << (_bitsPerSample - 1));
        for (var c = 0; c < channels; c++)
        {
            var samples = _channels[c];
            for (var i = 0; i < _blockSize; i++)
            {
                output[(i * channels) + c] = (float)Math.Clamp(samples[i] * scale, -1.0, 1.0);
            }
        }
    }

    private void ReadCodedNumber(bool variable)
    {
        // UTF-8-like: up to 7 bytes for a sample number (variable block size), 6 for a frame number.
        var first = bits.ReadBits(8);
        var continuation = first switch
        {
            < 0x80 => 0,
            >= 0xC0 and < 0xE0 => 1,
            >= 0xE0 and < 0xF0 => 2,
            >= 0xF0 and < 0xF8 => 3,
            >= 0xF8 and < 0xFC => 4,
            >= 0xFC and < 0xFE => 5,
            0xFE when variable => 6,
            _ => -1,
        };
        if (continuation < 0)
        {
            throw Corrupt("frame number");
        }

        for (var i = 0; i < continuation; i++)
        {
            if ((bits.ReadBits(8) & 0xC0) != 0x80)
            {
                throw Corrupt("frame number");
            }
        }
    }

    private void ReadSubframe(Span<long> samples, int sampleBits)
    {
        if (bits.ReadBits(1) != 0)
        {
            throw Corrupt("subframe header");
        }

        var type = (int)bits.ReadBits(6);
        var wasted = 0;
        if (bits.ReadBits(1) == 1)
        {
            wasted = (int)bits.ReadUnary((uint)sampleBits) + 1;
            if (wasted >= sampleBits)
            {
                throw Corrupt("subframe header");
            }

            sampleBits -= wasted;
        }

        switch (type)
        {
            case 0:
                samples.Fill(bits.ReadSignedLong(sampleBits));
                break;
            case 1:
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = bits.ReadSignedLong(sampleBits);
                }

                break;
            case >= 8 and <= 12:
                ReadFixed(samples, sampleBits, type - 8);
                break;
            case >= 32:
                ReadLpc(samples, sampleBits, type - 31);
                break;
            default:
                throw Corrupt("subframe type");
        }

        if (wasted > 0)
        {
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] <<= wasted;
            }
        }
    }

    private void ReadFixed(Span<long> samples, int sampleBits, int order)
    {
        ReadWarmUp(samples, sampleBits, order);
        ReadResidual(samples, order);
        for (var i = order; i < samples.Length; i++)
        {
            samples[i] += order switch
            {
                0 => 0,
                1 => samples[i - 1],
                2 => (2 * samples[i - 1]) - samples[i - 2],
                3 => (3 * samples[i - 1]) - (3 * samples[i - 2]) + samples[i - 3],
                _ => (4 * samples[i - 1]) - (6 * samples[i - 2]) + (4 * samples[i - 3]) - samples[i - 4],
            };
        }
    }

    private void ReadLpc(Span<long> samples, int sampleBits, int order)
    {
        ReadWarmUp(samples, sampleBits, order);
        var precision = (int)bits.ReadBits(4) + 1;
        var shift = bits.ReadSigned(5);
        if (precision == 16 || shift < 0)
        {
            throw Corrupt("predictor");
        }

        for (var j = 0; j < order; j++)
        {
            _coefficients[j] = bits.ReadSigned(precision);
        }

        ReadResidual(samples, order);
        for (var i = order; i < samples.Length; i++)
        {
            long sum = 0;
            for (var j = 0; j < order; j++)
            {
                sum += _coefficients[j] * samples[i - 1 - j];
            }

            samples[i] += sum >> shift;
        }
    }

    private void ReadWarmUp(Span<long> samples, int sampleBits, int order)
    {
        if (order > samples.Length)
        {
            throw Corrupt("predictor order");
        }

        for (var i = 0; i < order; i++)
        {
            samples[i] = bits.ReadSignedLong(sampleBits);
        }
    }

    /// <summary>Rice-coded residuals (RFC 9639, 9.2.7), written after the warm-up samples.</summary>
    private void ReadResidual(Span<long> samples, int order)
    {
        var method = bits.ReadBits(2);
        if (method > 1)
        {
            throw Corrupt("residual coding method");
        }

        var parameterBits = method == 0 ? 4 : 5;
        var escape = (1u << parameterBits) - 1;
        var partitionOrder = (int)bits.ReadBits(4);
        var partitions = 1 << partitionOrder;
        var perPartition = samples.Length >> partitionOrder;
        if ((samples.Length & (partitions - 1)) != 0 || perPartition < order)
        {
            throw Corrupt("residual partition");
        }

        var i = order;
        for (var p = 0; p < partitions; p++)
        {
            var end = (p + 1) * perPartition;
            var parameter = (int)bits.ReadBits(parameterBits);
            if (parameter == escape)
            {
                var width = (int)bits.ReadBits(5);
                for (; i < end; i++)
                {
                    samples[i] = bits.ReadSigned(width);
                }

                continue;
            }

            var limit = (uint)(uint.MaxValue >> (parameter + 1));
            for (; i < end; i++)
            {
                var folded = ((ulong)bits.ReadUnary(limit) << parameter) | bits.ReadBits(parameter);
                samples[i] = (long)(folded >> 1) ^ -(long)(folded & 1);
            }
        }
    }

    private void Decorrelate(int assignment)
    {
        if (assignment < 8)
        {
            return;
        }

        var a = _channels[0];
        var b = _channels[1];
        for (var i = 0; i < _blockSize; i++)
        {
            switch (assignment)
            {
                case 8: // left, side
                    b[i] = a[i] - b[i];
                    break;
                case 9: // side, right
                    a[i] += b[i];
                    break;
                default: // mid, side
                    var mid = (a[i] << 1) | (b[i] & 1);
                    a[i] = (mid + b[i]) >> 1;
                    b[i] = (mid - b[i]) >> 1;
                    break;
            }
        }
    }

    private static Contracts.Errors.LipsyncException Corrupt(string what) => AudioErrors.Undecodable($"a FLAC {what} is corrupt.");
}
