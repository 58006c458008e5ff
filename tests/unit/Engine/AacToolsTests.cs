using Lipsync.Engine.Audio.Aac;

namespace Lipsync.UnitTests.Engine;

/// <summary>The AAC decoder's building blocks against their definitions in ISO/IEC 14496-3.</summary>
public sealed class AacToolsTests
{
    public static TheoryData<string, int, int> Books => new()
    {
        { "scalefactor", 0, 121 },
        { "spectrum", 1, 81 }, { "spectrum", 2, 81 }, { "spectrum", 3, 81 }, { "spectrum", 4, 81 },
        { "spectrum", 5, 81 }, { "spectrum", 6, 81 }, { "spectrum", 7, 64 }, { "spectrum", 8, 64 },
        { "spectrum", 9, 169 }, { "spectrum", 10, 169 }, { "spectrum", 11, 289 },
    };

    [Theory]
    [MemberData(nameof(Books))]
    public void Every_codebook_is_complete_and_codes_each_symbol_once(string kind, int book, int symbols)
    {
        var (counts, values) = Book(kind, book);

        // Kraft sum exactly 1: no code is missing and none is a prefix of another.
        var kraft = 0.0;
        for (var length = 1; length <= counts.Length; length++)
        {
            kraft += counts[length - 1] * Math.Pow(2, -length);
        }

        Assert.Equal(1.0, kraft, 12);
        Assert.Equal(Enumerable.Range(0, symbols), values.Select(v => (int)v).Order());
    }

    [Theory]
    [MemberData(nameof(Books))]
    public void Every_code_decodes_to_its_symbol(string kind, int book, int symbols)
    {
        var (counts, values) = Book(kind, book);
        var huffman = kind == "scalefactor" ? AacHuffman.ScaleFactor : AacHuffman.Spectrum[book]!;

        // Write each canonical code, then a few filler bits, and read it back.
        int code = 0, index = 0;
        for (var length = 1; length <= counts.Length; length++)
        {
            for (var i = 0; i < counts[length - 1]; i++, code++, index++)
            {
                var bytes = new byte[8];
                var word = ((ulong)code << (64 - length)) | (0x5555_5555_5555_5555UL >> length);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, word);
                var bits = new AacBitReader();
                bits.Reset(bytes, bytes.Length);

                Assert.Equal(values[index], huffman.Decode(bits));
                Assert.Equal(length, bits.Position);
            }

            code <<= 1;
        }

        Assert.Equal(symbols, index);
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(256)]
    public void The_fast_imdct_equals_the_standard_formula(int length)
    {
        var random = new Random(length);
        var coefficients = Enumerable.Range(0, length / 2).Select(_ => (float)((random.NextDouble() * 2) - 1) * 1000f).ToArray();
        var fast = new float[length];
        new AacImdct(length).Inverse(coefficients, fast);

        var n0 = ((length / 2.0) + 1) / 2;
        for (var n = 0; n < length; n++)
        {
            var sum = 0.0;
            for (var k = 0; k < length / 2; k++)
            {
                sum += coefficients[k] * Math.Cos(2 * Math.PI / length * (n + n0) * (k + 0.5));
            }

            Assert.Equal(2.0 / length * sum, fast[n], 0.02);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Windows_meet_the_perfect_reconstruction_condition(int shape)
    {
        // Princen-Bradley: w[n]^2 + w[n + N/2]^2 = 1, with the falling half the mirror of the rising one.
        foreach (var half in new[] { AacWindows.Long(shape), AacWindows.Short(shape) })
        {
            for (var n = 0; n < half.Length; n++)
            {
                Assert.Equal(1.0, (half[n] * half[n]) + (half[half.Length - 1 - n] * half[half.Length - 1 - n]), 5);
            }
        }
    }

    [Fact]
    public void Codes_from_the_standard_decode_to_their_values()
    {
        // A few codewords as ISO/IEC 14496-3 Tables 4.A.1-4.A.12 print them (the known-answer decoding
        // tests against ffmpeg pin the rest): scalefactor difference 0 is "0", -1 is "100", +1 is "1010";
        // book 1's (0,0,0,0) is "0" and (1,0,0,0) "10000"; book 11's (16,16), the escape pair, is "00100".
        Assert.Equal(60, Decode(AacHuffman.ScaleFactor, "0"));
        Assert.Equal(59, Decode(AacHuffman.ScaleFactor, "100"));
        Assert.Equal(61, Decode(AacHuffman.ScaleFactor, "1010"));
        Assert.Equal(40, Decode(AacHuffman.Spectrum[1]!, "0"));
        Assert.Equal(67, Decode(AacHuffman.Spectrum[1]!, "10000"));
        Assert.Equal((16 * 17) + 16, Decode(AacHuffman.Spectrum[11]!, "00100"));
    }

    [Fact]
    public void Pulses_add_to_the_quantised_line_before_dequantisation()
    {
        // A hand-built long-window channel at 48 kHz: global gain 100, band 0 in book 1, scalefactor
        // difference 0, one pulse at line 2 of amplitude 5, no TNS, and the all-zero quad of band 0.
        var stream = Bits(
            "01100100",              // global_gain 100
            "0", "00", "0",          // ics_reserved_bit, ONLY_LONG_SEQUENCE, sine
            "000001", "0",           // max_sfb 1, no predictor
            "0001", "00001",         // section: book 1 for 1 band
            "0",                     // scalefactor difference 0 ("0"): 100
            "1", "00", "000000",     // pulse_data_present, 1 pulse, from band 0
            "00010", "0101",         // offset 2, amplitude 5
            "0", "0",                // no TNS, no gain control
            "0");                    // book 1: (0,0,0,0)
        var channel = new AacChannelStream();

        channel.Read(stream, commonWindow: false, sampleRateIndex: 3);

        // A pulse on a zero line subtracts (the standard adds only to positive lines): -(5^(4/3)) * 2^((100 - 100) / 4).
        Assert.Equal(-Math.Pow(5, 4.0 / 3.0), channel.Spectrum[2], 4);
        Assert.Equal(0f, channel.Spectrum[0]);
        Assert.Equal(0f, channel.Spectrum[3]);
    }

    [Theory]
    [InlineData("00101" + "0110" + "0010" + "0011" + "00010" + "000", 24000)] // HE-AAC: 24 kHz core, 48 kHz out
    [InlineData("11101" + "0111" + "0001" + "0011" + "00010" + "000", 22050)] // HE-AAC v2 (PS): 22.05 kHz core
    [InlineData("00010" + "0100" + "0010" + "000", 44100)]                   // AAC-LC
    public void The_audio_specific_config_gives_the_core_rate(string bits, int rate)
    {
        var bytes = new byte[(bits.Length + 7) / 8];
        for (var i = 0; i < bits.Length; i++)
        {
            bytes[i / 8] |= (byte)((bits[i] - '0') << (7 - (i % 8)));
        }

        Assert.Equal(rate, AacConfig.Parse(bytes).SampleRate);
    }

    [Fact]
    public void A_reserved_rate_index_is_named_as_such()
    {
        var error = Assert.Throws<Lipsync.Contracts.Errors.LipsyncException>(() => AacConfig.Parse([0x16, 0x90])); // LC, index 13

        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);
    }

    private static int Decode(AacHuffman huffman, string code)
    {
        var bits = Bits(code, "0101010101010101");
        var symbol = huffman.Decode(bits);
        Assert.Equal(code.Length, bits.Position);
        return symbol;
    }

    private static AacBitReader Bits(params string[] fields)
    {
        var all = string.Concat(fields);
        var bytes = new byte[(all.Length + 7) / 8];
        for (var i = 0; i < all.Length; i++)
        {
            bytes[i / 8] |= (byte)((all[i] - '0') << (7 - (i % 8)));
        }

        var reader = new AacBitReader();
        reader.Reset(bytes, bytes.Length);
        return reader;
    }

    private static (byte[] Counts, short[] Symbols) Book(string kind, int book) => kind == "scalefactor"
        ? (AacHuffmanTables.ScaleFactorCounts.ToArray(), AacHuffmanTables.ScaleFactorSymbols.ToArray())
        : book switch
        {
            1 => (AacHuffmanTables.Spectrum1Counts.ToArray(), AacHuffmanTables.Spectrum1Symbols.ToArray()),
            2 => (AacHuffmanTables.Spectrum2Counts.ToArray(), AacHuffmanTables.Spectrum2Symbols.ToArray()),
            3 => (AacHuffmanTables.Spectrum3Counts.ToArray(), AacHuffmanTables.Spectrum3Symbols.ToArray()),
            4 => (AacHuffmanTables.Spectrum4Counts.ToArray(), AacHuffmanTables.Spectrum4Symbols.ToArray()),
            5 => (AacHuffmanTables.Spectrum5Counts.ToArray(), AacHuffmanTables.Spectrum5Symbols.ToArray()),
            6 => (AacHuffmanTables.Spectrum6Counts.ToArray(), AacHuffmanTables.Spectrum6Symbols.ToArray()),
            7 => (AacHuffmanTables.Spectrum7Counts.ToArray(), AacHuffmanTables.Spectrum7Symbols.ToArray()),
            8 => (AacHuffmanTables.Spectrum8Counts.ToArray(), AacHuffmanTables.Spectrum8Symbols.ToArray()),
            9 => (AacHuffmanTables.Spectrum9Counts.ToArray(), AacHuffmanTables.Spectrum9Symbols.ToArray()),
            10 => (AacHuffmanTables.Spectrum10Counts.ToArray(), AacHuffmanTables.Spectrum10Symbols.ToArray()),
            _ => (AacHuffmanTables.Spectrum11Counts.ToArray(), AacHuffmanTables.Spectrum11Symbols.ToArray()),
        };
}
