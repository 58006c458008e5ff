using Lipsync.Fuzzing;

namespace Lipsync.Benchmarks;

/// <summary>
/// <c>./bench fuzz [--seconds N] [--seed N]</c>: structure-aware fuzzing of every decoder for N seconds
/// each through the served path (codec stalls killed after 2 s and counted); prints executions per
/// second, outcomes and the slowest input, and saves any hang or crash input under
/// .local/fuzz-findings (exit 1).
/// </summary>
internal static class FuzzBenchmark
{
    public static int Run(string[] args)
    {
        var seconds = Option(args, "--seconds", 60);
        var seed = Option(args, "--seed", Environment.TickCount);
        var mutators = Mutators.Formats.Select(Mutators.For).ToList();
        Console.WriteLine($"fuzz: {seconds} s per format, seed {seed}, one decode at a time, served path (stall timeout 2 s)");
        Console.WriteLine($"{"format",-14} {"execs",9} {"execs/s",9} {"slowest ms",11}  outcomes");
        var failed = false;
        using var target = FuzzTarget.Served(TimeSpan.FromSeconds(2));
        foreach (var mutator in mutators)
        {
            var report = FuzzCampaign.Run(mutator, target, seed, long.MaxValue, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(30));
            var outcomes = string.Join(", ", report.Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"));
            Console.WriteLine($"{report.Format,-14} {report.Executions,9} {report.PerSecond,9:F0} {report.SlowestMs,11:F1}  {outcomes}");
            if (report.FirstStall is { } stall)
            {
                Directory.CreateDirectory(".local/fuzz-findings");
                var path = Path.Combine(".local/fuzz-findings", $"{report.Format}-{seed}-stall.bin");
                File.WriteAllBytes(path, stall);
                Console.WriteLine($"  a codec stalled and its worker was killed (as designed); first such input saved to {path}");
            }

            if (report.Problem is not null)
            {
                failed = true;
                Directory.CreateDirectory(".local/fuzz-findings");
                var path = Path.Combine(".local/fuzz-findings", $"{report.Format}-{seed}-{report.Executions}.bin");
                File.WriteAllBytes(path, report.ProblemInput ?? []);
                Console.WriteLine($"  FINDING: {report.Problem}; input saved to {path}");
            }
        }

        return failed ? 1 : 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
