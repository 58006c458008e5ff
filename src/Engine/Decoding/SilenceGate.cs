namespace Lipsync.Engine.Decoding;

/// <summary>
/// Which frames are silence whatever the model says: stretches below <c>thresholdDbfs</c> that last at
/// least <c>minFrames</c> frames or touch either end of the recording (lead-in, tail). Shorter quiet
/// gaps inside speech (stop closures, ~30-120 ms) stay with the model, which has learnt that a quiet
/// gap before a burst is a closed mouth (p b m), not rest.
/// </summary>
public static class SilenceGate
{
    public static bool[] Mask(ReadOnlySpan<float> levelsDbfs, float thresholdDbfs, int minFrames)
    {
        var gated = new bool[levelsDbfs.Length];
        var start = 0;
        while (start < levelsDbfs.Length)
        {
            if (levelsDbfs[start] >= thresholdDbfs)
            {
                start++;
                continue;
            }

            var end = start;
            while (end < levelsDbfs.Length && levelsDbfs[end] < thresholdDbfs)
            {
                end++;
            }

            if (end - start >= minFrames || start == 0 || end == levelsDbfs.Length)
            {
                gated.AsSpan(start, end - start).Fill(true);
            }

            start = end;
        }

        return gated;
    }
}
