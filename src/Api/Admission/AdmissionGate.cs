namespace Lipsync.Api.Admission;

/// <summary>
/// The refusal rule, apart from the clock and the probe so it can be tested alone. A queueing delay over
/// the target that lasts <see cref="Sustain"/> means more work than CPU (a GC pause or a burst is over
/// sooner) and starts shedding; shedding refuses a share of requests that grows linearly from the target
/// (none) to twice it (all), so the delay settles near the target instead of
/// swinging between an empty and a full queue; it ends once the delay has stayed under the target for
/// <see cref="Recover"/>. Thread-safe; concurrent callers may race on the state, which only shifts a
/// transition by a request or two.
/// </summary>
public sealed class AdmissionGate(TimeSpan target)
{
    public static readonly TimeSpan Sustain = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan Recover = TimeSpan.FromSeconds(1);

    private long _aboveSince = long.MinValue; // ticks; MinValue: the delay is under the target
    private long _belowSince = long.MinValue;
    private int _shedding;

    public bool Shedding => Volatile.Read(ref _shedding) == 1;

    /// <summary>Whether to refuse a request that sees <paramref name="delay"/> at <paramref name="now"/>; <paramref name="draw"/> is uniform in [0, 1).</summary>
    public bool ShouldRefuse(TimeSpan delay, TimeSpan now, double draw)
    {
        // Shared fields are written only when they change, not on every request: at thousands of requests
        // a second on several cores, a write per request would bounce their cache line between cores.
        var ticks = now.Ticks;
        if (delay > target)
        {
            SetIfDifferent(ref _belowSince, long.MinValue);
            var since = Volatile.Read(ref _aboveSince);
            if (since == long.MinValue)
            {
                Volatile.Write(ref _aboveSince, ticks);
            }
            else if (ticks - since >= Sustain.Ticks && !Shedding)
            {
                Volatile.Write(ref _shedding, 1);
            }
        }
        else
        {
            SetIfDifferent(ref _aboveSince, long.MinValue);
            var since = Volatile.Read(ref _belowSince);
            if (since == long.MinValue)
            {
                Volatile.Write(ref _belowSince, ticks);
            }
            else if (ticks - since >= Recover.Ticks && Shedding)
            {
                Volatile.Write(ref _shedding, 0);
            }
        }

        return Shedding && draw < (delay - target) / target;
    }

    private static void SetIfDifferent(ref long field, long value)
    {
        if (Volatile.Read(ref field) != value)
        {
            Volatile.Write(ref field, value);
        }
    }
}
