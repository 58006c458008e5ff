using Lipsync.Engine.Decoding;

namespace Lipsync.UnitTests.Engine;

public sealed class CueDecoderTests
{
    private static float[] Posteriors(params int[] best)
    {
        var lp = new float[best.Length * 22];
        Array.Fill(lp, MathF.Log(0.01f));
        for (var t = 0; t < best.Length; t++)
        {
            lp[(t * 22) + best[t]] = MathF.Log(0.8f);
        }

        return lp;
    }

    [Fact]
    public void One_frame_flicker_is_absorbed()
    {
        int[] best = [7, 7, 7, 7, 2, 7, 7, 7, 19, 19, 19, 19];
        var frames = CueDecoder.Decode(Posteriors(best), Enumerable.Repeat(-20f, best.Length).ToArray(), -50, 2.5f, 3);
        Assert.Equal([7, 7, 7, 7, 7, 7, 7, 7, 19, 19, 19, 19], frames);
    }

    [Fact]
    public void Quiet_frames_are_silence_whatever_the_model_says()
    {
        int[] best = [7, 7, 7, 7, 7, 7];
        float[] levels = [-20, -20, -20, -70, -70, -70];
        Assert.Equal([7, 7, 7, 0, 0, 0], CueDecoder.Decode(Posteriors(best), levels, -50, 2.5f, 3));
    }

    [Fact]
    public void Runs_are_never_shorter_than_the_minimum_except_gated_silence()
    {
        var random = new Random(3);
        var best = Enumerable.Range(0, 2000).Select(_ => random.Next(22)).ToArray();
        var levels = Enumerable.Range(0, 2000).Select(i => i % 97 == 0 ? -80f : -20f).ToArray();
        var frames = CueDecoder.Decode(Posteriors(best), levels, -50, 2.5f, 3);
        var start = 0;
        for (var t = 1; t <= frames.Length; t++)
        {
            if (t == frames.Length || frames[t] != frames[start])
            {
                var gated = frames[start] == 0 && levels[start] < -50;
                Assert.True(t - start >= 3 || gated || start == 0 || t == frames.Length, $"run of {t - start} at {start}");
                start = t;
            }
        }
    }
}
