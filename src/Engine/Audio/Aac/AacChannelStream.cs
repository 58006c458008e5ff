namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// individual_channel_stream (ISO/IEC 14496-3, 4.4.2.7) of AAC-LC: sections, scalefactors, pulses, TNS and
/// the Huffman-coded spectrum, dequantised into 1,024 lines. Perceptual noise substitution fills its bands
/// here; intensity bands stay zero for <see cref="AacStereo"/> to fill from the left channel.
/// </summary>
internal sealed class AacChannelStream
{
    public const int MaxBands = 64;
    private const int Lines = 1024;
    private static readonly float[] Pow43 = BuildPow43(8191);
    private readonly int[] _quantized = new int[Lines];
    private readonly int[] _pulseOffsets = new int[4];
    private readonly int[] _pulseAmplitudes = new int[4];
    private uint _noiseState = 0x1F2E3D4C;

    public IcsInfo Info { get; } = new();

    /// <summary>Band type per group * <see cref="MaxBands"/> + band.</summary>
    public int[] BandTypes { get; } = new int[8 * MaxBands];

    /// <summary>Per band: the scalefactor, the intensity position or the noise energy, by band type.</summary>
    public int[] ScaleFactors { get; } = new int[8 * MaxBands];

    public float[] Spectrum { get; } = new float[Lines];

    public AacTns Tns { get; } = new();

    public void Read(AacBitReader bits, bool commonWindow, int sampleRateIndex)
    {
        var globalGain = bits.Read(8);
        if (!commonWindow)
        {
            Info.Read(bits, sampleRateIndex);
        }

        ReadSections(bits);
        ReadScaleFactors(bits, globalGain);
        Array.Clear(_quantized);
        var pulses = bits.ReadBit() ? ReadPulses(bits) : (Count: 0, StartBand: 0);
        if (bits.ReadBit())
        {
            Tns.Read(bits, Info);
        }
        else
        {
            Tns.Clear();
        }

        if (bits.ReadBit())
        {
            throw AudioErrors.Unsupported("AAC SSR gain control; send AAC-LC.");
        }

        ReadSpectrum(bits);
        if (pulses.Count > 0)
        {
            ApplyPulses(pulses.Count, pulses.StartBand);
        }

        Dequantize();
    }

    private void ReadSections(AacBitReader bits)
    {
        var lengthBits = Info.IsShort ? 3 : 5;
        var escape = (1 << lengthBits) - 1;
        for (var g = 0; g < Info.Groups; g++)
        {
            var band = 0;
            while (band < Info.MaxSfb)
            {
                var type = bits.Read(4);
                if (type == 12)
                {
                    throw AudioErrors.Undecodable("an AAC section uses the reserved codebook 12.");
                }

                int length = 0, increment;
                do
                {
                    increment = bits.Read(lengthBits);
                    length += increment;
                }
                while (increment == escape && length <= Info.MaxSfb);

                if (band + length > Info.MaxSfb)
                {
                    throw AudioErrors.Undecodable("an AAC section runs past the last scalefactor band.");
                }

                for (var i = 0; i < length; i++)
                {
                    BandTypes[(g * MaxBands) + band++] = type;
                }
            }
        }
    }

    private void ReadScaleFactors(AacBitReader bits, int globalGain)
    {
        var huffman = AacHuffman.ScaleFactor;
        int scale = globalGain, intensity = 0, noise = globalGain - 90;
        var firstNoise = true;
        for (var g = 0; g < Info.Groups; g++)
        {
            for (var band = 0; band < Info.MaxSfb; band++)
            {
                var at = (g * MaxBands) + band;
                switch (BandTypes[at])
                {
                    case BandType.Zero:
                        ScaleFactors[at] = 0;
                        break;
                    case BandType.IntensityOutOfPhase or BandType.IntensityInPhase:
                        intensity += huffman.Decode(bits) - 60;
                        ScaleFactors[at] = Math.Clamp(intensity, -155, 100); // as ffmpeg: beyond this, 2^(x/4) leaves float's range
                        break;
                    case BandType.Noise:
                        noise += firstNoise ? bits.Read(9) - 256 : huffman.Decode(bits) - 60;
                        firstNoise = false;
                        ScaleFactors[at] = Math.Clamp(noise, -100, 155);
                        break;
                    default:
                        scale += huffman.Decode(bits) - 60;
                        if (scale is < 0 or > 255)
                        {
                            throw AudioErrors.Undecodable("an AAC scalefactor is out of range.");
                        }

                        ScaleFactors[at] = scale;
                        break;
                }
            }
        }
    }

    private (int Count, int StartBand) ReadPulses(AacBitReader bits)
    {
        if (Info.IsShort)
        {
            throw AudioErrors.Undecodable("an AAC frame has pulse data in short windows.");
        }

        var count = bits.Read(2) + 1;
        var startBand = bits.Read(6);
        if (startBand >= Info.BandCount)
        {
            throw AudioErrors.Undecodable("AAC pulse data starts past the last band.");
        }

        for (var i = 0; i < count; i++)
        {
            _pulseOffsets[i] = bits.Read(5);
            _pulseAmplitudes[i] = bits.Read(4);
        }

        return (count, startBand);
    }

    /// <summary>Pulses add to the quantised magnitudes, away from zero (a zero line counts as negative, as the standard says).</summary>
    private void ApplyPulses(int count, int startBand)
    {
        var k = (int)Info.Bands[startBand];
        for (var i = 0; i < count; i++)
        {
            k += _pulseOffsets[i];
            if (k >= Lines)
            {
                throw AudioErrors.Undecodable("an AAC pulse lies past the last spectral line.");
            }

            _quantized[k] += _quantized[k] > 0 ? _pulseAmplitudes[i] : -_pulseAmplitudes[i];
        }
    }

    private void ReadSpectrum(AacBitReader bits)
    {
        var bands = Info.Bands;
        var window = 0;
        for (var g = 0; g < Info.Groups; g++)
        {
            for (var band = 0; band < Info.MaxSfb; band++)
            {
                var type = BandTypes[(g * MaxBands) + band];
                if (type is BandType.Zero or >= BandType.Noise)
                {
                    continue;
                }

                var huffman = AacHuffman.Spectrum[type]!;
                for (var w = 0; w < Info.GroupLength[g]; w++)
                {
                    var start = ((window + w) * 128) + bands[band];
                    var end = ((window + w) * 128) + bands[band + 1];
                    for (var k = start; k < end; k += type < 5 ? 4 : 2)
                    {
                        if (type < 5)
                        {
                            ReadQuad(bits, huffman, type, k);
                        }
                        else
                        {
                            ReadPair(bits, huffman, type, k);
                        }
                    }
                }
            }

            window += Info.GroupLength[g];
        }
    }

    private void ReadQuad(AacBitReader bits, AacHuffman huffman, int type, int k)
    {
        var symbol = huffman.Decode(bits);
        int w = symbol / 27, x = symbol / 9 % 3, y = symbol / 3 % 3, z = symbol % 3;
        if (type <= 2)
        {
            _quantized[k] = w - 1;
            _quantized[k + 1] = x - 1;
            _quantized[k + 2] = y - 1;
            _quantized[k + 3] = z - 1;
            return;
        }

        _quantized[k] = Signed(bits, w);
        _quantized[k + 1] = Signed(bits, x);
        _quantized[k + 2] = Signed(bits, y);
        _quantized[k + 3] = Signed(bits, z);
    }

    private void ReadPair(AacBitReader bits, AacHuffman huffman, int type, int k)
    {
        var symbol = huffman.Decode(bits);
        if (type <= 6)
        {
            _quantized[k] = (symbol / 9) - 4;
            _quantized[k + 1] = (symbol % 9) - 4;
            return;
        }

        var modulo = type switch { 7 or 8 => 8, 9 or 10 => 13, _ => 17 };
        var y = Signed(bits, symbol / modulo);
        var z = Signed(bits, symbol % modulo);
        if (type == 11)
        {
            // Spec: sign bits of both first, then an escape sequence for each value of 16.
            y = Math.Abs(y) == 16 ? Math.Sign(y) * ReadEscape(bits) : y;
            z = Math.Abs(z) == 16 ? Math.Sign(z) * ReadEscape(bits) : z;
        }

        _quantized[k] = y;
        _quantized[k + 1] = z;
    }

    private static int Signed(AacBitReader bits, int magnitude) => magnitude != 0 && bits.ReadBit() ? -magnitude : magnitude;

    private static int ReadEscape(AacBitReader bits)
    {
        // N ones, a zero, then N + 4 bits: values 16..8191.
        var prefix = 0;
        while (bits.ReadBit())
        {
            if (++prefix > 8)
            {
                throw AudioErrors.Undecodable("an AAC escape code is longer than the format allows.");
            }
        }

        return (1 << (prefix + 4)) + bits.Read(prefix + 4);
    }

    private void Dequantize()
    {
        Array.Clear(Spectrum);
        var bands = Info.Bands;
        var window = 0;
        for (var g = 0; g < Info.Groups; g++)
        {
            for (var band = 0; band < Info.MaxSfb; band++)
            {
                var at = (g * MaxBands) + band;
                var type = BandTypes[at];
                if (type == BandType.Zero || BandType.IsIntensity(type))
                {
                    continue;
                }

                for (var w = 0; w < Info.GroupLength[g]; w++)
                {
                    var start = ((window + w) * 128) + bands[band];
                    var end = ((window + w) * 128) + bands[band + 1];
                    if (type == BandType.Noise)
                    {
                        FillNoise(start, end, ScaleFactors[at]);
                        continue;
                    }

                    // x = sign(q) |q|^(4/3) 2^((sf - 100) / 4)
                    var gain = MathF.Pow(2f, 0.25f * (ScaleFactors[at] - 100));
                    for (var k = start; k < end; k++)
                    {
                        var q = _quantized[k];
                        var magnitude = Math.Abs(q);
                        var value = magnitude < Pow43.Length ? Pow43[magnitude] : MathF.Pow(magnitude, 4f / 3f);
                        Spectrum[k] = (q < 0 ? -value : value) * gain;
                    }
                }
            }

            window += Info.GroupLength[g];
        }
    }

    /// <summary>Perceptual noise substitution: random lines scaled to the band's transmitted energy.</summary>
    private void FillNoise(int start, int end, int energy)
    {
        var sum = 0f;
        for (var k = start; k < end; k++)
        {
            _noiseState = (_noiseState * 1664525) + 1013904223; // a fixed generator: the same file decodes the same way
            Spectrum[k] = (int)_noiseState;
            sum += Spectrum[k] * Spectrum[k];
        }

        var scale = MathF.Pow(2f, 0.25f * energy) / MathF.Sqrt(Math.Max(sum, float.Epsilon));
        for (var k = start; k < end; k++)
        {
            Spectrum[k] *= scale;
        }
    }

    private static float[] BuildPow43(int max)
    {
        var table = new float[max + 1];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (float)Math.Pow(i, 4.0 / 3.0);
        }

        return table;
    }
}
