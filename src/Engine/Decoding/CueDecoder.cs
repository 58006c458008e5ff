using Lipsync.Contracts.Timelines;

namespace Lipsync.Engine.Decoding;

/// <summary>
/// Per-frame posteriors to a stable viseme sequence: gated frames (<see cref="SilenceGate"/>) are silence; a
/// Viterbi pass with a fixed cost per change picks the most probable sequence that does not flicker;
/// any run still shorter than <c>minRunFrames</c> is absorbed by the neighbour it resembles more.
/// </summary>
public static class CueDecoder
{
    public static int[] Decode(ReadOnlySpan<float> logPosteriors, ReadOnlySpan<bool> gated, float switchPenalty, int minRunFrames)
    {
        const int V = Visemes.Count;
        var frames = gated.Length;
        var path = new int[frames];
        if (frames == 0)
        {
            return path;
        }

        var back = new byte[frames * V];
        Span<float> score = stackalloc float[V];
        Span<float> next = stackalloc float[V];
        for (var t = 0; t < frames; t++)
        {
            var silent = gated[t];
            var bestPrev = 0;
            for (var j = 1; j < V; j++)
            {
                if (score[j] > score[bestPrev])
                {
                    bestPrev = j;
                }
            }

            for (var j = 0; j < V; j++)
            {
                var stay = score[j];
                var move = score[bestPrev] - switchPenalty;
                var from = t == 0 || stay >= move ? j : bestPrev;
                var emission = silent ? (j == Visemes.Silence ? 0f : -1e4f) : logPosteriors[(t * V) + j];
                next[j] = (t == 0 ? 0 : Math.Max(stay, move)) + emission;
                back[(t * V) + j] = (byte)from;
            }

            next.CopyTo(score);
        }

        var state = 0;
        for (var j = 1; j < V; j++)
        {
            if (score[j] > score[state])
            {
                state = j;
            }
        }

        for (var t = frames - 1; t >= 0; t--)
        {
            path[t] = state;
            state = back[(t * V) + state];
        }

        AbsorbShortRuns(path, logPosteriors, gated, minRunFrames);
        return path;
    }

    private static void AbsorbShortRuns(int[] path, ReadOnlySpan<float> logPosteriors, ReadOnlySpan<bool> gated, int minRun)
    {
        for (var pass = 0; pass < 3; pass++)
        {
            var changed = false;
            var start = 0;
            while (start < path.Length)
            {
                var end = start;
                while (end < path.Length && path[end] == path[start])
                {
                    end++;
                }

                var gatedSilence = path[start] == Visemes.Silence && gated[start];
                if (end - start < minRun && !gatedSilence && (start > 0 || end < path.Length))
                {
                    var left = start > 0 ? path[start - 1] : -1;
                    var right = end < path.Length ? path[end] : -1;
                    var target = left < 0 ? right : right < 0 ? left : Score(logPosteriors, start, end, left) >= Score(logPosteriors, start, end, right) ? left : right;
                    Array.Fill(path, target, start, end - start);
                    changed = true;
                }

                start = end;
            }

            if (!changed)
            {
                break;
            }
        }
    }

    private static float Score(ReadOnlySpan<float> logPosteriors, int start, int end, int viseme)
    {
        float sum = 0;
        for (var t = start; t < end; t++)
        {
            sum += logPosteriors[(t * Visemes.Count) + viseme];
        }

        return sum;
    }
}
