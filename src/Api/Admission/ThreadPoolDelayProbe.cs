using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Lipsync.Api.Admission;

/// <summary>
/// Measures how long a work item waits in the thread pool's global queue, where Kestrel's connection
/// work waits when the instance is out of CPU. Requests drive it: a request that finds no probe in the
/// queue and the last one older than <see cref="AdmissionOptions.ProbeInterval"/> posts one, and the
/// probe notes how late it ran. While a probe is still waiting, its age is the delay, so a backlog is
/// seen as it grows, not after it drains. An idle instance posts nothing (a timer-driven probe would
/// wake a pool thread hundreds of times a second for nothing: measured, 9 % of a core).
/// </summary>
public sealed class ThreadPoolDelayProbe(IOptions<AdmissionOptions> options)
{
    private static readonly long Stale = Stopwatch.Frequency / 10; // a measurement older than 100 ms says nothing about now
    private readonly long _interval = (long)(options.Value.ProbeInterval.TotalSeconds * Stopwatch.Frequency);
    private long _pendingSince; // when the probe in the queue was posted; 0 when none is
    private long _measuredAt;   // when the last probe ran
    private long _lastDelay;    // its delay, in Stopwatch ticks

    /// <summary>The current queueing delay (posting a probe when one is due).</summary>
    public TimeSpan Sample()
    {
        var now = Stopwatch.GetTimestamp();
        var since = Volatile.Read(ref _pendingSince);
        var measuredAt = Volatile.Read(ref _measuredAt);
        if (since == 0 && now - measuredAt >= _interval && Interlocked.CompareExchange(ref _pendingSince, now, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.probe.Ran(state.now), (probe: this, now), preferLocal: false);
        }

        var last = now - measuredAt < Stale ? Volatile.Read(ref _lastDelay) : 0;
        var waiting = since == 0 ? 0 : now - since;
        return Stopwatch.GetElapsedTime(0, Math.Max(last, waiting));
    }

    private void Ran(long posted)
    {
        var ran = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastDelay, ran - posted);
        Volatile.Write(ref _measuredAt, ran);
        Volatile.Write(ref _pendingSince, 0);
    }
}
