namespace Lipsync.Engine.Audio.Aac;

/// <summary>AAC window sequences (ISO/IEC 14496-3, Table 4.85).</summary>
internal static class WindowSequence
{
    public const int OnlyLong = 0;
    public const int LongStart = 1;
    public const int EightShort = 2;
    public const int LongStop = 3;
}
