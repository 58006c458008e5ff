namespace Lipsync.Train;

/// <summary>The evaluated voice's label lag (<c>--label-lag-ms</c>; flite rms: +5 ms, notes/speech-data.md §1.4).</summary>
public static class LabelLag
{
    public static double Seconds { get; set; }
}
