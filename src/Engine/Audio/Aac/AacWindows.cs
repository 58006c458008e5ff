namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// The two window shapes of the AAC filterbank (ISO/IEC 14496-3, 4.6.11.3.2): sine, and Kaiser-Bessel
/// derived with alpha 4 (long) and 6 (short). Each array is the rising half; the falling half is its mirror.
/// </summary>
internal static class AacWindows
{
    public static float[] SineLong { get; } = Sine(2048);

    public static float[] SineShort { get; } = Sine(256);

    public static float[] KbdLong { get; } = Kbd(2048, 4);

    public static float[] KbdShort { get; } = Kbd(256, 6);

    /// <summary>The rising half for a window shape bit (0 sine, 1 KBD).</summary>
    public static float[] Long(int shape) => shape == 0 ? SineLong : KbdLong;

    public static float[] Short(int shape) => shape == 0 ? SineShort : KbdShort;

    private static float[] Sine(int length)
    {
        var half = new float[length / 2];
        for (var n = 0; n < half.Length; n++)
        {
            half[n] = (float)Math.Sin(Math.PI / length * (n + 0.5));
        }

        return half;
    }

    private static float[] Kbd(int length, double alpha)
    {
        // W[n] = sqrt(sum_{j<=n} w[j] / sum_{j<=N/2} w[j]), w the Kaiser window of N/2 + 1 points.
        var points = (length / 2) + 1;
        var kaiser = new double[points];
        var quarter = length / 4.0;
        for (var j = 0; j < points; j++)
        {
            var r = (j - quarter) / quarter;
            kaiser[j] = BesselI0(Math.PI * alpha * Math.Sqrt(Math.Max(0, 1 - (r * r))));
        }

        var total = kaiser.Sum();
        var half = new float[length / 2];
        var running = 0.0;
        for (var n = 0; n < half.Length; n++)
        {
            running += kaiser[n];
            half[n] = (float)Math.Sqrt(running / total);
        }

        return half;
    }

    private static double BesselI0(double x)
    {
        // Power series; converges quickly for the arguments used here (up to 6 pi).
        double sum = 1, term = 1;
        for (var k = 1; k < 64 && term > sum * 1e-17; k++)
        {
            term *= x * x / (4.0 * k * k);
            sum += term;
        }

        return sum;
    }
}
