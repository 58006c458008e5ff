namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// What a decoder needs to know before the first frame: from an MP4's AudioSpecificConfig (ISO/IEC 14496-3,
/// 1.6.2.1) or an ADTS header. HE-AAC (SBR, PS) is decoded as its AAC-LC core at the core's rate: speech
/// below the SBR crossover is all the engine reads.
/// </summary>
internal readonly record struct AacConfig(int SampleRateIndex)
{
    public const int LowComplexity = 2;

    public int SampleRate => AacTables.SampleRates[SampleRateIndex];

    /// <summary>Checks an object type and rate index and makes the config, or a catalogue error naming what was found.</summary>
    public static AacConfig Create(int objectType, int sampleRateIndex)
    {
        if (objectType != LowComplexity)
        {
            throw AudioErrors.Unsupported($"AAC object type {objectType} ({Name(objectType)}); AAC-LC and HE-AAC are read.");
        }

        if (sampleRateIndex >= AacTables.SampleRates.Length)
        {
            throw AudioErrors.Undecodable($"the AAC sampling frequency index {sampleRateIndex} is reserved.");
        }

        return new AacConfig(sampleRateIndex);
    }

    /// <summary>Parses an AudioSpecificConfig.</summary>
    public static AacConfig Parse(ReadOnlySpan<byte> config)
    {
        var buffer = config.ToArray();
        var bits = new AacBitReader();
        bits.Reset(buffer, buffer.Length);
        var objectType = ReadObjectType(bits);
        var rateIndex = ReadRateIndex(bits);
        bits.Skip(4); // channel configuration: the frames' elements say what is there
        if (objectType is 5 or 29)
        {
            // SBR / PS: the extension's rate, then the core's object type (the core's rate came first).
            ReadRateIndex(bits);
            objectType = ReadObjectType(bits);
        }

        if (objectType == LowComplexity && bits.ReadBit())
        {
            throw AudioErrors.Unsupported("AAC with 960-sample frames; send the common 1,024-sample AAC-LC.");
        }

        return Create(objectType, rateIndex);
    }

    private static int ReadObjectType(AacBitReader bits)
    {
        var type = bits.Read(5);
        return type == 31 ? 32 + bits.Read(6) : type;
    }

    private static int ReadRateIndex(AacBitReader bits)
    {
        var index = bits.Read(4);
        if (index != 15)
        {
            return index;
        }

        // An explicit rate: only the standard ones have band tables.
        var rate = bits.Read(24);
        var known = AacTables.SampleRates.IndexOf(rate);
        return known >= 0 ? known : throw AudioErrors.Unsupported($"AAC at {rate} Hz, not one of the standard rates.");
    }

    private static string Name(int objectType) => objectType switch
    {
        1 => "AAC Main",
        3 => "AAC SSR",
        4 => "AAC LTP",
        6 => "AAC Scalable",
        17 or 19 or 20 or 23 => "ER AAC",
        39 => "ER AAC ELD",
        42 => "USAC / xHE-AAC",
        _ => "not AAC-LC",
    };
}
