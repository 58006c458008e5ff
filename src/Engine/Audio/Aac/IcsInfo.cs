namespace Lipsync.Engine.Audio.Aac;

/// <summary>ics_info (ISO/IEC 14496-3, 4.4.2.1): the window layout of one channel's frame, shared by a CPE's two channels under a common window.</summary>
internal sealed class IcsInfo
{
    public int WindowSequence { get; private set; }

    public int WindowShape { get; private set; }

    public int MaxSfb { get; private set; }

    public int Windows { get; private set; } = 1;

    public int Groups { get; private set; } = 1;

    /// <summary>Windows in each group.</summary>
    public int[] GroupLength { get; } = new int[8];

    /// <summary>Band offsets of this window kind (long: 1,024 lines; short: 128).</summary>
    public short[] Bands { get; private set; } = [];

    public bool IsShort => WindowSequence == Aac.WindowSequence.EightShort;

    public int BandCount => Bands.Length - 1;

    public void Read(AacBitReader bits, int sampleRateIndex)
    {
        bits.Skip(1); // ics_reserved_bit
        WindowSequence = bits.Read(2);
        WindowShape = bits.Read(1);
        if (IsShort)
        {
            MaxSfb = bits.Read(4);
            var grouping = bits.Read(7);
            Windows = 8;
            Groups = 1;
            GroupLength[0] = 1;
            for (var bit = 6; bit >= 0; bit--)
            {
                // A set bit puts the next window in the current group.
                if (((grouping >> bit) & 1) != 0)
                {
                    GroupLength[Groups - 1]++;
                }
                else
                {
                    GroupLength[Groups++] = 1;
                }
            }

            Bands = AacTables.ShortBands(sampleRateIndex);
        }
        else
        {
            MaxSfb = bits.Read(6);
            Windows = 1;
            Groups = 1;
            GroupLength[0] = 1;
            if (bits.ReadBit())
            {
                throw AudioErrors.Unsupported("AAC Main profile prediction; send AAC-LC.");
            }

            Bands = AacTables.LongBands(sampleRateIndex);
        }

        if (MaxSfb > BandCount)
        {
            throw AudioErrors.Undecodable($"an AAC frame uses {MaxSfb} scalefactor bands where its rate has {BandCount}.");
        }
    }

    public void CopyFrom(IcsInfo other)
    {
        WindowSequence = other.WindowSequence;
        WindowShape = other.WindowShape;
        MaxSfb = other.MaxSfb;
        Windows = other.Windows;
        Groups = other.Groups;
        other.GroupLength.CopyTo(GroupLength, 0);
        Bands = other.Bands;
    }
}
