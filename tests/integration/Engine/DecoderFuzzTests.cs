using Lipsync.Fuzzing;

namespace Lipsync.IntegrationTests.Engine;

/// <summary>
/// Structure-aware fuzzing through the served decode path (WAV in process; Ogg Vorbis, Ogg Opus, WebM,
/// FLAC and MP3 in decode workers), bounded for ./test; <c>./bench fuzz</c> runs the same campaign longer. Every input ends
/// in features or an audio catalogue code, and none runs past the stall timeout plus slack.
/// </summary>
public sealed class DecoderFuzzTests
{
    public static TheoryData<string> Formats => [.. Mutators.Formats];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Mutated_files_end_in_features_or_an_audio_error(string format)
    {
        var mutator = Mutators.For(format);
        using var target = FuzzTarget.Served(TimeSpan.FromSeconds(2));

        var report = FuzzCampaign.Run(mutator, target, seed: 20261129, maxExecutions: 3000, maxDuration: TimeSpan.FromSeconds(8), hangAfter: TimeSpan.FromSeconds(15));

        Assert.True(report.Problem is null, $"{format}: {report.Problem} after {report.Executions} inputs");
        Assert.True(report.Executions >= 100, $"{format}: only {report.Executions} inputs in 8 s");
        Assert.True(report.Outcomes.GetValueOrDefault("ok") > 0, $"{format}: no mutant decoded, so none reached deep into the codec");
    }

    [Fact]
    public void A_stalled_codec_is_killed_and_the_next_file_decodes()
    {
        using var target = FuzzTarget.Served(TimeSpan.FromSeconds(2));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(FuzzTarget.Stalled, target.Execute(Seeds.NVorbisStall));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(10));
        Assert.Equal("ok", target.Execute(Seeds.Ogg));
    }
}
