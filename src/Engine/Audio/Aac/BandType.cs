namespace Lipsync.Engine.Audio.Aac;

/// <summary>Band types (ISO/IEC 14496-3, Table 4.122): spectral books 1-11 and these special ones.</summary>
internal static class BandType
{
    public const int Zero = 0;
    public const int Noise = 13;
    public const int IntensityOutOfPhase = 14;
    public const int IntensityInPhase = 15;

    public static bool IsIntensity(int type) => type is IntensityOutOfPhase or IntensityInPhase;
}
