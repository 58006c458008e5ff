using System.Diagnostics;

namespace Lipsync.Fuzzing;

/// <summary>What a campaign saw: executions, outcomes by code, the slowest input, and the first hang or crash.</summary>
public sealed record FuzzReport(
    string Format,
    long Executions,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, long> Outcomes,
    double SlowestMs,
    string? Problem,
    byte[]? ProblemInput,
    byte[]? FirstStall = null)
{
    public double PerSecond => Executions / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Feeds mutated files through a <see cref="FuzzTarget"/> on a background
/// thread and watches it from the caller's: an input that runs past <c>hangAfter</c> is reported
/// with its bytes instead of hanging the run. Outcomes other than features or an audio catalogue
/// code are failures.
/// </summary>
public static class FuzzCampaign
{
    public static FuzzReport Run(IMutator mutator, FuzzTarget target, int seed, long maxExecutions, TimeSpan maxDuration, TimeSpan hangAfter)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(mutator);
        var outcomes = new Dictionary<string, long>();
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        long executions = 0;
        long currentStart = -1;
        double slowest = 0;
        byte[]? current = null;
        string? problem = null;
        byte[]? problemInput = null;
        byte[]? firstStall = null;
        var worker = new Thread(() =>
        {
            while (executions < maxExecutions && clock.Elapsed < maxDuration)
            {
                var input = mutator.Mutate(random);
                Volatile.Write(ref current, input);
                Volatile.Write(ref currentStart, Stopwatch.GetTimestamp());
                string outcome;
                try
                {
                    outcome = target.Execute(input);
                }
                catch (Exception e)
                {
                    problem = $"{e.GetType().Name}: {e.Message}";
                    problemInput = input;
                    return;
                }
                finally
                {
                    slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(Volatile.Read(ref currentStart)).TotalMilliseconds);
                    Volatile.Write(ref currentStart, -1);
                }

                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                if (outcome == FuzzTarget.Stalled)
                {
                    firstStall ??= input;
                }

                Interlocked.Increment(ref executions);
            }
        })
        { IsBackground = true, Name = "fuzz-" + mutator.Format };
        worker.Start();
        while (!worker.Join(50))
        {
            var started = Volatile.Read(ref currentStart);
            if (started > 0 && Stopwatch.GetElapsedTime(started) > hangAfter)
            {
                // The worker cannot be stopped; it is a background thread and dies with the process.
                return new FuzzReport(mutator.Format, executions, clock.Elapsed, new Dictionary<string, long>(), hangAfter.TotalMilliseconds,
                    $"an input ran for more than {hangAfter.TotalSeconds:F0} s", Volatile.Read(ref current));
            }
        }

        return new FuzzReport(mutator.Format, executions, clock.Elapsed, outcomes, slowest, problem, problemInput, firstStall);
    }
}
