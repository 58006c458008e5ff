using System.Diagnostics;
using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Hardening;

/// <summary>
/// <c>./run</c> as a user starts it (its own emulator on 10000-10002, LocalHost on a free port), then
/// stopped the way Ctrl-C or a process manager stops it: LocalHost goes first, then the emulator it
/// used, all within 10 s (the probe saw both signalled together and LocalHost alive 100 s later).
/// </summary>
[Collection(RunScriptGroup.Name)]
public sealed class RunScriptTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Run_stops_LocalHost_before_its_emulator_within_ten_seconds()
    {
        await using var run = ChildProcess.Start("bash", [Path.Combine(Repo.Root, "run")], new Dictionary<string, string?> { ["PORT"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await UntilReadyAsync(run);

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

    [Fact]
    public async Task A_second_run_says_whose_emulator_it_borrows_and_stopping_it_leaves_the_first_running()
    {
        var firstPort = Ports.Free();
        await using var first = ChildProcess.Start("bash", [Path.Combine(Repo.Root, "run")], new Dictionary<string, string?> { ["PORT"] = firstPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await UntilReadyAsync(first);
        await using var second = ChildProcess.Start("bash", [Path.Combine(Repo.Root, "run")], new Dictionary<string, string?> { ["PORT"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await UntilReadyAsync(second);

        var emulator = Children(first.Id).Single(pid => CommandLine(pid).Contains("azurite", StringComparison.Ordinal));
        Assert.Contains("BORROWS", second.Output, StringComparison.Ordinal);
        Assert.Contains($"taken by {emulator} ", second.Output, StringComparison.Ordinal);

        await second.StopAsync(TimeSpan.FromSeconds(15));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{firstPort}") };
        using var health = await http.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.True(Alive(emulator), "stopping the borrower stopped the owner's emulator");
    }

    [Fact]
    public async Task A_broken_build_shows_the_compiler_errors()
    {
        var dir = Directory.CreateTempSubdirectory("lipsync-broken-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "Broken.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "Oops.cs"), "class Oops { void M() { int x = } }");
            await using var build = ChildProcess.Start("bash", ["-c", $"source eng/common.sh && build_or_explain {dir.FullName}/Broken.csproj"], new Dictionary<string, string?>());
            var exit = await build.WaitAsync(TimeSpan.FromMinutes(3));

            Assert.NotEqual(0, exit);
            Assert.Contains("Oops.cs", build.Output, StringComparison.Ordinal);
            Assert.Contains("error CS1525", build.Output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task UntilReadyAsync(ChildProcess run)
    {
        var ready = Stopwatch.StartNew();
        while (!run.Output.Contains("Ctrl-C stops", StringComparison.Ordinal))
        {
            Assert.False(run.HasExited, run.Output);
            Assert.True(ready.Elapsed < TimeSpan.FromMinutes(4), "./run did not come up:\n" + run.Output);
            await Task.Delay(250);
        }
    }

    private static IEnumerable<int> Children(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse);

    private static string CommandLine(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');

    private static bool Alive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
}
