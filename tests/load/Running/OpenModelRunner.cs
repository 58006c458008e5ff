using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Lipsync.LoadTests.Running;

/// <summary>What a scenario run measured.</summary>
public sealed class ScenarioResult(string name)
{
    public string Name { get; } = name;

    /// <summary>Latency of every answer except admission-control refusals, from its intended start.</summary>
    public LongConcurrentHistogram Latency { get; } = NewHistogram(3);

    /// <summary>Latency of admission-control refusals (503 <c>service_unavailable</c>): they should be immediate.</summary>
    public LongConcurrentHistogram ShedLatency { get; } = NewHistogram(2);

    /// <summary>How late the generator started requests against their schedule: its own cost, not the server's.</summary>
    public LongConcurrentHistogram DispatchLag { get; } = NewHistogram(2);

    /// <summary>Per-second latency histograms (by intended start), for latency-over-time charts.</summary>
    public ConcurrentDictionary<int, LongConcurrentHistogram> PerSecond { get; } = new();

    private long _requests;
    private long _ok;
    private long _shed;
    private long _unexpected;
    private int _maxInFlight;

    public long Requests => Interlocked.Read(ref _requests);

    public long Ok => Interlocked.Read(ref _ok);

    public long Shed => Interlocked.Read(ref _shed);

    public long Unexpected => Interlocked.Read(ref _unexpected);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public ConcurrentDictionary<string, int> UnexpectedReasons { get; } = new();

    public double DurationSeconds { get; set; }

    public double TargetRate { get; set; }

    /// <summary>CPU the generator process used during the run (all its threads), in seconds.</summary>
    public double GeneratorCpuSeconds { get; set; }

    internal static LongConcurrentHistogram NewHistogram(int digits) => new(1, TimeSpan.FromMinutes(5).Ticks, digits);

    internal void Count(OutcomeKind kind)
    {
        Interlocked.Increment(ref _requests);
        switch (kind)
        {
            case OutcomeKind.Ok:
                Interlocked.Increment(ref _ok);
                break;
            case OutcomeKind.Shed:
                Interlocked.Increment(ref _shed);
                break;
            default:
                Interlocked.Increment(ref _unexpected);
                break;
        }
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
/// that intended start, so a stalled server cannot hide its queueing (no coordinated omission). One
/// dispatcher thread sleeps until the next due time and starts every request that is due (no spinning:
/// the generator shares the machine with what it measures); how late it started them is recorded.
/// </summary>
public static class OpenModelRunner
{
    public static async Task<ScenarioResult> RunAsync(IScenario scenario, double rate, TimeSpan duration, TimeSpan ramp, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult(scenario.Name) { TargetRate = rate };
        var schedule = Schedule(rate, duration, ramp);
        var requests = new Task[schedule.Count];
        var current = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var dispatched = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new Thread(() =>
        {
            for (var i = 0; i < schedule.Count && !cancellationToken.IsCancellationRequested; i++)
            {
                var due = start + (long)(schedule[i].TotalSeconds * Stopwatch.Frequency);
                var early = due - Stopwatch.GetTimestamp();
                if (early > 0)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(Math.Max(early / (double)Stopwatch.Frequency, 0.001)));
                }

                var lag = Stopwatch.GetTimestamp() - due;
                result.DispatchLag.RecordValue(Math.Max(1, (long)(lag * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency))));
                var index = i;
                var second = (int)schedule[i].TotalSeconds;
                result.SeenInFlight(Interlocked.Increment(ref current));
                requests[i] = Task.Run(async () =>
                {
                    var outcome = await ExecuteAsync(scenario, index, cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(due);
                    Interlocked.Decrement(ref current);
                    Record(result, outcome, elapsed, second);
                }, CancellationToken.None);
                dispatched = i + 1;
            }

            done.SetResult(); // not Join on a pool thread: with one core that would starve the requests
        })
        { IsBackground = true, Name = "load dispatcher", Priority = ThreadPriority.AboveNormal };
        dispatcher.Start();
        await done.Task;
        await Task.WhenAll(requests.Take(dispatched));
        result.DurationSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        result.GeneratorCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
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

    private static async Task<Outcome> ExecuteAsync(IScenario scenario, long index, CancellationToken cancellationToken)
    {
        try
        {
            return await scenario.ExecuteAsync(index, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome.Wrong("timeout"); // HttpClient's own timeout, not the run being stopped
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Outcome.Wrong(e.GetType().Name);
        }
    }

    private static void Record(ScenarioResult result, Outcome outcome, TimeSpan elapsed, int second)
    {
        var ticks = Math.Max(1, elapsed.Ticks);
        (outcome.Kind == OutcomeKind.Shed ? result.ShedLatency : result.Latency).RecordValue(ticks);
        if (outcome.Kind != OutcomeKind.Shed)
        {
            result.PerSecond.GetOrAdd(second, _ => ScenarioResult.NewHistogram(2)).RecordValue(ticks);
        }

        result.Count(outcome.Kind);
        if (outcome.Kind == OutcomeKind.Unexpected)
        {
            result.UnexpectedReasons.AddOrUpdate(outcome.Unexpected ?? "?", 1, (_, n) => n + 1);
        }
    }
}
