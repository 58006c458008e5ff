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
        var frames = CueDecoder.Decode(Posteriors(best), new bool[best.Length], 2.5f, 3);
        Assert.Equal([7, 7, 7, 7, 7, 7, 7, 7, 19, 19, 19, 19], frames);
    }

    [Fact]
    public void Gated_frames_are_silence_whatever_the_model_says()
    {
        int[] best = [7, 7, 7, 7, 7, 7];
        bool[] gated = [false, false, false, true, true, true];
        Assert.Equal([7, 7, 7, 0, 0, 0], CueDecoder.Decode(Posteriors(best), gated, 2.5f, 3));
    }

    [Fact]
    public void A_short_quiet_gap_is_left_to_the_model_and_a_long_one_is_silence()
    {
        // A 60 ms stop closure the model calls p/b/m, then a 200 ms pause it calls p/b/m too.
        int[] best = [1, 1, 1, 1, 21, 21, 21, 21, 21, 21, 1, 1, 1, 1, .. Enumerable.Repeat(21, 20)];
        var levels = best.Select((_, t) => t is >= 4 and < 10 || t >= 14 ? -70f : -20f).ToArray();
        var gated = SilenceGate.Mask(levels, -50, minFrames: 10);
        var frames = CueDecoder.Decode(Posteriors(best), gated, 2.5f, 3);
        Assert.Equal([1, 1, 1, 1, 21, 21, 21, 21, 21, 21, 1, 1, 1, 1, .. Enumerable.Repeat(0, 20)], frames);
    }

    [Theory]
    [InlineData(1, new[] { true, false, true, false, true, true, true, false, true })]
    [InlineData(3, new[] { true, false, false, false, true, true, true, false, true })]
    [InlineData(4, new[] { true, false, false, false, false, false, false, false, true })]
    public void The_gate_covers_quiet_stretches_of_at_least_the_minimum_and_any_at_the_ends(int minFrames, bool[] expected)
    {
        float[] levels = [-60, -20, -60, -20, -60, -60, -60, -49.9f, -60];
        Assert.Equal(expected, SilenceGate.Mask(levels, -50, minFrames));
    }

    [Fact]
    public void Runs_are_never_shorter_than_the_minimum_except_gated_silence()
    {
        var random = new Random(3);
        var best = Enumerable.Range(0, 2000).Select(_ => random.Next(22)).ToArray();
        var levels = Enumerable.Range(0, 2000).Select(i => i % 97 == 0 ? -80f : -20f).ToArray();
        var gated = SilenceGate.Mask(levels, -50, 1);
        var frames = CueDecoder.Decode(Posteriors(best), gated, 2.5f, 3);
        var start = 0;
        for (var t = 1; t <= frames.Length; t++)
        {
            if (t == frames.Length || frames[t] != frames[start])
            {
                var silenced = frames[start] == 0 && gated[start];
                Assert.True(t - start >= 3 || silenced || start == 0 || t == frames.Length, $"run of {t - start} at {start}");
                start = t;
            }
        }
    }
}
