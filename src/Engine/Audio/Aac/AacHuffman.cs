namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// One canonical Huffman codebook: a 9-bit lookup table for the common short codes and, for the rest,
/// the length-by-length walk of a canonical code (no tree, nothing to overflow).
/// </summary>
internal sealed class AacHuffman
{
    private const int LookupBits = 9;
    private readonly byte[] _counts;
    private readonly short[] _symbols;
    private readonly short[] _lookupSymbol = new short[1 << LookupBits];
    private readonly byte[] _lookupLength = new byte[1 << LookupBits]; // 0: longer than LookupBits

    private AacHuffman(ReadOnlySpan<byte> counts, ReadOnlySpan<short> symbols)
    {
        _counts = counts.ToArray();
        _symbols = symbols.ToArray();
        int code = 0, index = 0;
        for (var length = 1; length <= _counts.Length; length++)
        {
            for (var i = 0; i < _counts[length - 1]; i++, code++, index++)
            {
                if (length <= LookupBits)
                {
                    var first = code << (LookupBits - length);
                    for (var fill = 0; fill < 1 << (LookupBits - length); fill++)
                    {
                        _lookupSymbol[first + fill] = _symbols[index];
                        _lookupLength[first + fill] = (byte)length;
                    }
                }
            }

            code <<= 1;
        }
    }

    public static AacHuffman ScaleFactor { get; } = new(AacHuffmanTables.ScaleFactorCounts, AacHuffmanTables.ScaleFactorSymbols);

    /// <summary>Spectral books 1-11 by number; index 0 is unused.</summary>
    public static AacHuffman?[] Spectrum { get; } =
    [
        null,
        new(AacHuffmanTables.Spectrum1Counts, AacHuffmanTables.Spectrum1Symbols),
        new(AacHuffmanTables.Spectrum2Counts, AacHuffmanTables.Spectrum2Symbols),
        new(AacHuffmanTables.Spectrum3Counts, AacHuffmanTables.Spectrum3Symbols),
        new(AacHuffmanTables.Spectrum4Counts, AacHuffmanTables.Spectrum4Symbols),
        new(AacHuffmanTables.Spectrum5Counts, AacHuffmanTables.Spectrum5Symbols),
        new(AacHuffmanTables.Spectrum6Counts, AacHuffmanTables.Spectrum6Symbols),
        new(AacHuffmanTables.Spectrum7Counts, AacHuffmanTables.Spectrum7Symbols),
        new(AacHuffmanTables.Spectrum8Counts, AacHuffmanTables.Spectrum8Symbols),
        new(AacHuffmanTables.Spectrum9Counts, AacHuffmanTables.Spectrum9Symbols),
        new(AacHuffmanTables.Spectrum10Counts, AacHuffmanTables.Spectrum10Symbols),
        new(AacHuffmanTables.Spectrum11Counts, AacHuffmanTables.Spectrum11Symbols),
    ];

    public int Decode(AacBitReader bits)
    {
        if (bits.BitsLeft >= LookupBits)
        {
            var peek = bits.Read(LookupBits);
            var length = _lookupLength[peek];
            if (length != 0)
            {
                bits.Skip(length - LookupBits); // gives back the bits the code did not use
                return _lookupSymbol[peek];
            }

            bits.Skip(-LookupBits);
        }

        // Canonical walk: codes of each length are consecutive, starting where the shorter ones ended.
        int code = 0, first = 0, offset = 0;
        for (var length = 1; length <= _counts.Length; length++)
        {
            code |= bits.Read(1);
            var count = _counts[length - 1];
            if (code - first < count)
            {
                return _symbols[offset + code - first];
            }

            offset += count;
            first = (first + count) << 1;
            code <<= 1;
        }

        throw AudioErrors.Undecodable("an AAC Huffman code is not in its codebook.");
    }
}
