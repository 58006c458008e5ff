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
        var ticks = now.Ticks;
        if (delay > target)
        {
            Volatile.Write(ref _belowSince, long.MinValue);
            if (Volatile.Read(ref _aboveSince) == long.MinValue)
            {
                Volatile.Write(ref _aboveSince, ticks);
            }
            else if (ticks - Volatile.Read(ref _aboveSince) >= Sustain.Ticks)
            {
                Volatile.Write(ref _shedding, 1);
            }
        }
        else
        {
            Volatile.Write(ref _aboveSince, long.MinValue);
            if (Volatile.Read(ref _belowSince) == long.MinValue)
            {
                Volatile.Write(ref _belowSince, ticks);
            }
            else if (ticks - Volatile.Read(ref _belowSince) >= Recover.Ticks)
            {
                Volatile.Write(ref _shedding, 0);
            }
        }

        return Shedding && draw < (delay - target) / target;
    }
}
