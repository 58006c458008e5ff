namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// raw_data_block (ISO/IEC 14496-3, 4.4.2.1) of AAC-LC to 1,024 mono samples: single channels and channel
/// pairs are decoded and mixed; LFE is parsed and left out; data, fill (SBR included) and program-config
/// elements are skipped. Channel state (overlap, window shape) is kept per channel in order of appearance.
/// </summary>
internal sealed class AacFrameDecoder
{
    public const int FrameLength = 1024;
    private const int MaxChannels = 8;
    private const int MaxElements = 64;
    private readonly AacConfig _config;
    private readonly AacBitReader _bits = new();
    private readonly List<AacFilterbank> _filterbanks = [];
    private readonly AacChannelStream _left = new();
    private readonly AacChannelStream _right = new();
    private readonly AacChannelStream _discard = new();
    private readonly bool[] _midSide = new bool[8 * AacChannelStream.MaxBands];
    private readonly float[] _pcm = new float[FrameLength];

    public AacFrameDecoder(AacConfig config) => _config = config;

    /// <summary>Decodes one frame into <paramref name="output"/> (1,024 samples, the mean of the channels).</summary>
    public void Decode(byte[] frame, int length, Span<float> output)
    {
        _bits.Reset(frame, length);
        output[..FrameLength].Clear();
        var channel = 0;
        for (var elements = 0; ; elements++)
        {
            if (elements == MaxElements)
            {
                throw AudioErrors.Undecodable("an AAC frame has more elements than the format allows.");
            }

            var type = _bits.Read(3);
            if (type == 7)
            {
                break; // ID_END
            }

            if (type != 6)
            {
                _bits.Skip(4); // element_instance_tag: every element but FIL has one
            }

            switch (type)
            {
                case 0: // SCE
                    _left.Read(_bits, commonWindow: false, _config.SampleRateIndex);
                    Synthesize(_left, channel++, output);
                    break;
                case 1: // CPE
                    ReadPair();
                    Synthesize(_left, channel++, output);
                    Synthesize(_right, channel++, output);
                    break;
                case 2:
                    throw AudioErrors.Unsupported("AAC with coupling channel elements.");
                case 3: // LFE: parsed to stay in step, not heard in a mouth
                    _discard.Read(_bits, commonWindow: false, _config.SampleRateIndex);
                    break;
                case 4:
                    SkipData();
                    break;
                case 5:
                    SkipProgramConfig();
                    break;
                case 6:
                    SkipFill();
                    break;
            }
        }

        if (channel == 0)
        {
            return; // a frame of only fill: silence
        }

        var mix = 1f / channel;
        for (var i = 0; i < FrameLength; i++)
        {
            output[i] *= mix;
        }
    }

    private void ReadPair()
    {
        var common = _bits.ReadBit();
        if (common)
        {
            _left.Info.Read(_bits, _config.SampleRateIndex);
            _right.Info.CopyFrom(_left.Info);
            AacStereo.ReadMask(_bits, _left.Info, _midSide);
        }
        else
        {
            Array.Clear(_midSide);
        }

        _left.Read(_bits, common, _config.SampleRateIndex);
        _right.Read(_bits, common, _config.SampleRateIndex);
        if (common)
        {
            AacStereo.Apply(_left, _right, _midSide);
        }
    }

    private void Synthesize(AacChannelStream stream, int channel, Span<float> output)
    {
        if (channel >= MaxChannels)
        {
            throw AudioErrors.Unsupported($"AAC with more than {MaxChannels} channels.");
        }

        while (_filterbanks.Count <= channel)
        {
            _filterbanks.Add(new AacFilterbank());
        }

        stream.Tns.Apply(stream.Spectrum, stream.Info, _config.SampleRateIndex);
        _filterbanks[channel].Synthesize(stream.Spectrum, stream.Info.WindowSequence, stream.Info.WindowShape, _pcm);

        // The standard's output is on the 16-bit scale.
        const float Scale = 1f / 32768f;
        for (var i = 0; i < FrameLength; i++)
        {
            output[i] += _pcm[i] * Scale;
        }
    }

    private void SkipData()
    {
        var align = _bits.ReadBit();
        var count = _bits.Read(8);
        if (count == 255)
        {
            count += _bits.Read(8);
        }

        if (align)
        {
            _bits.ByteAlign();
        }

        _bits.Skip(8L * count);
    }

    private void SkipFill()
    {
        var count = _bits.Read(4);
        if (count == 15)
        {
            count += _bits.Read(8) - 1;
        }

        _bits.Skip(8L * count);
    }

    private void SkipProgramConfig()
    {
        _bits.Skip(2 + 4); // object_type, sampling_frequency_index
        var front = _bits.Read(4);
        var side = _bits.Read(4);
        var back = _bits.Read(4);
        var lfe = _bits.Read(2);
        var data = _bits.Read(3);
        var coupling = _bits.Read(4);
        for (var i = 0; i < 3; i++)
        {
            // mono mixdown (4 bits), stereo mixdown (4), matrix mixdown (2 + 1)
            if (_bits.ReadBit())
            {
                _bits.Skip(i < 2 ? 4 : 3);
            }
        }

        _bits.Skip((5L * (front + side + back)) + (4L * (lfe + data)) + (5L * coupling));
        _bits.ByteAlign();
        _bits.Skip(8L * _bits.Read(8));
    }
}
