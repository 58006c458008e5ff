using System.Diagnostics;
using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Hardening;

/// <summary>
/// <c>./run</c> as a user starts it (its own emulator on 10000-10002, LocalHost on a free port), then
/// stopped the way Ctrl-C or a process manager stops it: LocalHost goes first, then the emulator it
/// used, all within 10 s (the probe saw both signalled together and LocalHost alive 100 s later).
/// </summary>
public sealed class RunScriptTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Run_stops_LocalHost_before_its_emulator_within_ten_seconds()
    {
        await using var run = ChildProcess.Start("bash", [Path.Combine(Repo.Root, "run")], new Dictionary<string, string?> { ["PORT"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var ready = Stopwatch.StartNew();
        while (!run.Output.Contains("Ctrl-C stops", StringComparison.Ordinal))
        {
            Assert.False(run.HasExited, run.Output);
            Assert.True(ready.Elapsed < TimeSpan.FromMinutes(4), "./run did not come up:\n" + run.Output);
            await Task.Delay(250);
        }

        var children = Children(run.Id).ToDictionary(pid => pid, CommandLine);
        var host = children.Single(c => c.Value.Contains("Lipsync.LocalHost.dll", StringComparison.Ordinal)).Key;
        var emulator = children.Single(c => c.Value.Contains("azurite", StringComparison.Ordinal)).Key;

        var clock = Stopwatch.StartNew();
        run.Signal(15);
        TimeSpan? hostGone = null, emulatorGone = null;
        while ((hostGone is null || emulatorGone is null) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            hostGone ??= Alive(host) ? null : clock.Elapsed;
            emulatorGone ??= Alive(emulator) ? null : clock.Elapsed;
            await Task.Delay(20);
        }

        output.WriteLine($"LocalHost gone after {hostGone?.TotalSeconds:F2} s, Azurite after {emulatorGone?.TotalSeconds:F2} s");
        Assert.NotNull(hostGone);
        Assert.NotNull(emulatorGone);
        Assert.True(hostGone <= emulatorGone, $"the emulator stopped first ({emulatorGone} vs {hostGone})");
        Assert.True(emulatorGone < TimeSpan.FromSeconds(10), $"took {emulatorGone}");
    }

    private static IEnumerable<int> Children(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse);

    private static string CommandLine(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');

    private static bool Alive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
}
