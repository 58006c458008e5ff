using Lipsync.Engine.Audio;

namespace Lipsync.UnitTests.Engine;

public sealed class ResamplerTests
{
    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(22050)]
    [InlineData(8000)]
    [InlineData(11025)]
    public void Keeps_a_passband_tone_and_the_exact_length(int rate)
    {
        var output = Resample(TestAudio.Tone(1000, rate, 1.0), rate, block: 4093);
        Assert.Equal(16000, output.Length);
        // Amplitude of the 1 kHz tone, away from the edges.
        var peak = output[2000..14000].Max(Math.Abs);
        Assert.InRange(peak, 0.49, 0.51);
    }

    [Fact]
    public void Removes_content_above_the_new_nyquist()
    {
        var output = Resample(TestAudio.Tone(10_000, 44100, 1.0), 44100, block: 1000);
        var rms = Math.Sqrt(output[2000..14000].Average(x => (double)x * x));
        Assert.True(20 * Math.Log10(rms / 0.3536) < -60, $"alias at {20 * Math.Log10(rms / 0.3536):F1} dB");
    }

    [Fact]
    public void Block_size_does_not_change_the_result()
    {
        var input = TestAudio.Tone(700, 44100, 0.5);
        var a = Resample(input, 44100, block: 1);
        var b = Resample(input, 44100, block: 100_000);
        Assert.Equal(a.Length, b.Length);
        Assert.True(a.Zip(b, (x, y) => Math.Abs(x - y)).Max() < 1e-6);
    }

    private static float[] Resample(float[] input, int rate, int block)
    {
        var resampler = new StreamingResampler(rate);
        var output = new List<float>();
        for (var i = 0; i < input.Length; i += block)
        {
            resampler.Push(input.AsSpan(i, Math.Min(block, input.Length - i)), output);
        }

        resampler.Finish(output);
        return [.. output];
    }
}
