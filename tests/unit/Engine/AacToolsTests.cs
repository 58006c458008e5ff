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
