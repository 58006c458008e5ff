using System.Diagnostics;
using System.Text.RegularExpressions;
using Lipsync.Contracts.Timelines;
using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Hardening;

/// <summary>
/// The README's quick start, run literally: its first code block is read from README.md, its first
/// command (<c>./run</c>) started in the background as a new user's first terminal, and every other
/// line run in order in one shell as their second terminal. If the README and the product drift
/// apart, this fails.
/// </summary>
[Collection(RunScriptGroup.Name)]
public sealed partial class QuickStartTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task The_readme_quick_start_works_as_written()
    {
        var commands = QuickStartCommands();
        Assert.StartsWith("./run", commands[0], StringComparison.Ordinal);
        Assert.Equal(5, commands.Count);

        await using var run = ChildProcess.Start("bash", ["-c", commands[0]], new Dictionary<string, string?>());
        var clock = Stopwatch.StartNew();
        while (!run.Output.Contains("Ctrl-C stops", StringComparison.Ordinal))
        {
            Assert.False(run.HasExited, run.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "./run did not come up:\n" + run.Output);
            await Task.Delay(250);
        }

        output.WriteLine($"./run ready after {clock.Elapsed.TotalSeconds:F0} s");
        await using var terminal = ChildProcess.Start("bash", ["-ec", string.Join('\n', commands.Skip(1))], new Dictionary<string, string?>());
        var exit = await terminal.WaitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine(terminal.Output);

        Assert.True(exit == 0, terminal.Output);
        var timelineJson = TimelineLine().Match(terminal.Output).Value;
        Assert.True(Timelines.ParseTimeline(timelineJson).SpeechMs > 1000, timelineJson);
        Assert.Contains("succeeded  audio-in/dev/hello.wav  timelines/dev/hello.wav.json", terminal.Output, StringComparison.Ordinal);
        await run.StopAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void The_readme_shows_every_viseme_id_with_its_phonemes_and_mouth()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var rows = readme.Split('\n').Select(l => VisemeRow().Match(l)).Where(m => m.Success).ToList();

        Assert.Equal(Enumerable.Range(0, Visemes.Count), rows.Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(rows, m => Assert.False(string.IsNullOrWhiteSpace(m.Groups[2].Value)));
    }

    [Fact]
    public async Task The_session_sample_without_arguments_prints_its_usage_not_a_stack_trace()
    {
        await using var sample = ChildProcess.Start("dotnet", [Path.Combine(Repo.Root, "samples", "SessionStatus", "bin", Repo.Configuration, "net10.0", "SessionStatus.dll")], new Dictionary<string, string?> { ["LIPSYNC_KEY"] = null });
        var exit = await sample.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains("usage: dotnet run --project samples/SessionStatus", sample.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", sample.Output, StringComparison.Ordinal);
    }

    /// <summary>The command lines of the first code block under "## Quick start", comments removed.</summary>
    private static List<string> QuickStartCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var section = readme[readme.IndexOf("\n## Quick start", StringComparison.Ordinal)..];
        var block = section[(section.IndexOf("```bash\n", StringComparison.Ordinal) + 8)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        return [.. block.Split('\n')
            .Select(l => Comment().Replace(l, "").Trim())
            .Where(l => l.Length > 0)];
    }

    [GeneratedRegex(@"^\| (\d+) \| ([^|]+) \|[^|]*\| [^|]+ \|$")]
    private static partial Regex VisemeRow();

    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\{""version"":1.*?\]\}")]
    private static partial Regex TimelineLine();
}

/// <summary>Tests that start ./run use the fixed emulator ports 10000-10002 (and 7071): one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RunScriptGroup
{
    public const string Name = "./run";
}
