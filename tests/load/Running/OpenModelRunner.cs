using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Lipsync.LoadTests.Running;

/// <summary>What a scenario run measured.</summary>
public sealed class ScenarioResult(string name)
{
    public string Name { get; } = name;

    public LongConcurrentHistogram Latency { get; } = new(1, TimeSpan.FromMinutes(5).Ticks, 3);

    /// <summary>Per-second latency histograms (by intended start), for latency-over-time charts.</summary>
    public ConcurrentDictionary<int, LongConcurrentHistogram> PerSecond { get; } = new();

    private long _requests;
    private long _ok;
    private long _unexpected;
    private int _maxInFlight;

    public long Requests => Interlocked.Read(ref _requests);

    public long Ok => Interlocked.Read(ref _ok);

    public long Unexpected => Interlocked.Read(ref _unexpected);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public ConcurrentDictionary<string, int> UnexpectedReasons { get; } = new();

    public double DurationSeconds { get; set; }

    public double TargetRate { get; set; }

    internal void Count(bool ok)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref ok ? ref _ok : ref _unexpected);
    }

    internal void SeenInFlight(int level)
    {
        int seen;
        while (level > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, level, seen) != seen)
        {
        }
    }
}

/// <summary>
/// Open-model injection: request i is due at its scheduled time (a linear ramp to the target rate, then
/// steady), is started then whether or not earlier ones have finished, and its latency is measured from
/// that intended start, so a stalled server cannot hide its queueing (no coordinated omission).
/// </summary>
public static class OpenModelRunner
{
    public static async Task<ScenarioResult> RunAsync(IScenario scenario, double rate, TimeSpan duration, TimeSpan ramp, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult(scenario.Name) { TargetRate = rate };
        var schedule = Schedule(rate, duration, ramp);
        var inFlight = new List<Task>(schedule.Count);
        var current = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < schedule.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = schedule[i];
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(wait - TimeSpan.FromMilliseconds(1), cancellationToken);
            }

            while (clock.Elapsed < due)
            {
                Thread.SpinWait(20);
            }

            var index = i;
            var intended = Stopwatch.GetTimestamp() - (long)((clock.Elapsed - due).TotalSeconds * Stopwatch.Frequency);
            var level = Interlocked.Increment(ref current);
            result.SeenInFlight(level);
            inFlight.Add(Task.Run(async () =>
            {
                Outcome outcome;
                try
                {
                    outcome = await scenario.ExecuteAsync(index, cancellationToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    outcome = Outcome.Wrong("timeout"); // HttpClient's own timeout, not the run being stopped
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    outcome = Outcome.Wrong(e.GetType().Name);
                }

                var elapsed = Stopwatch.GetElapsedTime(intended);
                Interlocked.Decrement(ref current);
                Record(result, outcome, elapsed, (int)due.TotalSeconds);
            }, CancellationToken.None));
        }

        await Task.WhenAll(inFlight);
        result.DurationSeconds = clock.Elapsed.TotalSeconds;
        return result;
    }

    /// <summary>Due times: rate ramps linearly from ~0 over <paramref name="ramp"/>, then holds.</summary>
    internal static List<TimeSpan> Schedule(double rate, TimeSpan duration, TimeSpan ramp)
    {
        var due = new List<TimeSpan>();
        var t = 0.0;
        var end = duration.TotalSeconds;
        var rampSeconds = Math.Min(ramp.TotalSeconds, end);
        while (t < end)
        {
            due.Add(TimeSpan.FromSeconds(t));
            var current = t < rampSeconds ? Math.Max(rate * (t / rampSeconds), rate / 20) : rate;
            t += 1 / current;
        }

        return due;
    }

    private static void Record(ScenarioResult result, Outcome outcome, TimeSpan elapsed, int second)
    {
        var ticks = Math.Max(1, elapsed.Ticks);
        result.Latency.RecordValue(ticks);
        result.PerSecond.GetOrAdd(second, _ => new LongConcurrentHistogram(1, TimeSpan.FromMinutes(5).Ticks, 2)).RecordValue(ticks);
        result.Count(outcome.Ok);
        if (!outcome.Ok)
        {
            result.UnexpectedReasons.AddOrUpdate(outcome.Unexpected ?? "?", 1, (_, n) => n + 1);
        }
    }
}
