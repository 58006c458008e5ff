using System.Diagnostics;
using Lipsync.Contracts.Timelines;
using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Engine;

/// <summary>
/// The shipped model through the real CLI on real files: speech made with espeak-ng (a voice the model
/// never saw), in every container the engine reads, plus silence and garbage.
/// </summary>
public sealed class TimelineCliTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lipsync-cli-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly LipsyncCli _cli = new("UseDevelopmentStorage=true");

    public async Task InitializeAsync()
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        await AudioTools.RunAsync("espeak-ng", "-w", Path.Combine(_dir, "speech.wav"), "-s", "150", "Hello world. Please pass me the blue bowl of rice, five fresh figs and a warm cup of tea.");
        await AudioTools.RunAsync("sox", Path.Combine(_dir, "speech.wav"), "-r", "16000", "-c", "1", "-b", "16", Path.Combine(input, "speech-16k.wav"));
        await AudioTools.RunAsync("sox", Path.Combine(_dir, "speech.wav"), "-r", "44100", "-c", "2", "-b", "24", Path.Combine(input, "speech-44k-stereo.wav"));
        await AudioTools.RunAsync("lame", "--quiet", "-b", "96", Path.Combine(input, "speech-44k-stereo.wav"), Path.Combine(input, "speech.mp3"));
        await AudioTools.RunAsync("oggenc", "-Q", "-o", Path.Combine(input, "speech.ogg"), Path.Combine(input, "speech-44k-stereo.wav"));
        await AudioTools.RunAsync("opusenc", "--quiet", "--bitrate", "32", Path.Combine(input, "speech-44k-stereo.wav"), Path.Combine(input, "speech.opus"));
        await AudioTools.RunAsync("flac", "-s", "-o", Path.Combine(input, "speech.flac"), Path.Combine(input, "speech-16k.wav"));
        await AudioTools.RunAsync("sox", Path.Combine(input, "speech-16k.wav"), "-t", "raw", "-e", "signed", "-b", "16", "-B", Path.Combine(_dir, "speech.l16"));
        await AudioTools.RunAsync("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", Path.Combine(input, "silence.wav"), "trim", "0", "2");
        await File.WriteAllBytesAsync(Path.Combine(input, "garbage.wav"), [.. "RIFF\0\0\0\0WAVEjunk"u8, .. new byte[100]]);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_folder_becomes_one_valid_timeline_per_decodable_file()
    {
        var output = Path.Combine(_dir, "out");
        var (code, stdout, stderr) = await _cli.RunAsync("timeline", Path.Combine(_dir, "in"), "--out", output);

        Assert.Equal(1, code); // garbage.wav fails, the others are written
        Assert.Contains("garbage.wav: audio_undecodable", stderr, StringComparison.Ordinal);
        Assert.Contains("7 timelines written", stdout, StringComparison.Ordinal);
        // Whole input names: speech.mp3 and speech.ogg no longer write one speech.json between them.
        foreach (var name in new[] { "speech-16k.wav", "speech-44k-stereo.wav", "speech.mp3", "speech.ogg", "speech.opus", "speech.flac", "silence.wav" })
        {
            var file = Path.Combine(output, name + ".json");
            var (validCode, _, validErr) = await _cli.RunAsync("validate", file);
            Assert.True(validCode == 0, validErr);
        }

        var reference = Timelines.ParseTimeline(await File.ReadAllTextAsync(Path.Combine(output, "speech-16k.wav.json")));
        Assert.InRange(reference.SpeechMs, 2000, reference.DurationMs);
        Assert.True(reference.Cues.Count > 20, $"{reference.Cues.Count} cues");
        Assert.Equal(0, reference.Cues[0].V); // espeak starts with a little silence

        // Every container of the same speech gives nearly the same frames (MP3 delay compensated).
        var frames = Timelines.TimelineToFrames(reference);
        foreach (var name in new[] { "speech-44k-stereo.wav", "speech.mp3", "speech.ogg", "speech.opus", "speech.flac" })
        {
            var other = Timelines.TimelineToFrames(Timelines.ParseTimeline(await File.ReadAllTextAsync(Path.Combine(output, name + ".json"))));
            var n = Math.Min(frames.Length, other.Length);
            var agree = Enumerable.Range(0, n).Count(i => frames[i] == other[i]) / (double)n;
            Assert.True(agree > 0.8, $"{name}: {agree:P0} of frames agree with the 16 kHz WAV");
        }

        var silence = Timelines.ParseTimeline(await File.ReadAllTextAsync(Path.Combine(output, "silence.wav.json")));
        Assert.Equal(0, silence.SpeechMs);
        Assert.Equal([new VisemeCue(0, 0)], silence.Cues);
        Assert.Equal(2000, silence.DurationMs);
    }

    [Fact]
    public async Task One_file_goes_to_stdout_and_validate_refuses_a_broken_timeline()
    {
        var (code, stdout, _) = await _cli.RunAsync("timeline", Path.Combine(_dir, "in", "speech-16k.wav"));
        Assert.Equal(0, code);
        Assert.Equal(1, Timelines.ParseTimeline(stdout).Version);

        var broken = Path.Combine(_dir, "broken.json");
        await File.WriteAllTextAsync(broken, """{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[{"t":10,"v":0}]}""");
        var (badCode, _, stderr) = await _cli.RunAsync("validate", broken);
        Assert.Equal(1, badCode);
        Assert.Contains("\"code\":\"bad_timeline\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_with_one_stem_and_files_in_sub_folders_never_overwrite_each_other()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_dir, "nested", "a", "b")).FullName;
        File.Copy(Path.Combine(_dir, "in", "speech-16k.wav"), Path.Combine(_dir, "nested", "take.wav"));
        File.Copy(Path.Combine(_dir, "in", "speech-16k.wav"), Path.Combine(nested, "take.wav"));
        var output = Path.Combine(_dir, "out-names");

        var (code, stdout, stderr) = await _cli.RunAsync("timeline", Path.Combine(_dir, "in", "speech.mp3"), Path.Combine(_dir, "in", "speech.ogg"), "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains("2 timelines written", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "speech.mp3.json")));
        Assert.True(File.Exists(Path.Combine(output, "speech.ogg.json")));

        (code, _, stderr) = await _cli.RunAsync("timeline", Path.Combine(_dir, "nested"), "--out", output);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(output, "take.wav.json")));
        Assert.True(File.Exists(Path.Combine(output, "a", "b", "take.wav.json")));
    }

    [Fact]
    public async Task Headerless_audio_is_read_as_its_media_type_declares()
    {
        var (wavCode, fromWav, _) = await _cli.RunAsync("timeline", Path.Combine(_dir, "in", "speech-16k.wav"));
        var (code, fromRaw, stderr) = await _cli.RunAsync("timeline", Path.Combine(_dir, "speech.l16"), "--media-type", "audio/L16;rate=16000");
        var (noRateCode, _, noRate) = await _cli.RunAsync("timeline", Path.Combine(_dir, "speech.l16"), "--media-type", "audio/L16");

        Assert.Equal(0, wavCode);
        Assert.True(code == 0, stderr);
        Assert.Equal(Timelines.ParseTimeline(fromWav).Cues, Timelines.ParseTimeline(fromRaw).Cues);
        Assert.Equal(2, noRateCode);
        Assert.Contains("needs its sample rate", noRate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_one_line_and_exit_code_2()
    {
        var (code, stdout, stderr) = await _cli.RunAsync("timeline", Path.Combine(_dir, "missing.wav"));

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal($"error: no such file: {Path.Combine(_dir, "missing.wav")}", stderr.Trim());
    }

    [Fact]
    public async Task Timeline_help_lists_only_its_own_options_and_the_exit_codes()
    {
        var (code, stdout, _) = await _cli.RunAsync("timeline", "--help");

        Assert.Equal(0, code);
        Assert.DoesNotContain("--storage", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--json", stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_usage_error_is_one_line_and_exit_code_2()
    {
        var (code, stdout, stderr) = await _cli.RunAsync("jobs", "list", "--status", "done");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("error: Argument 'done' not recognized", stderr, StringComparison.Ordinal);
    }
}
