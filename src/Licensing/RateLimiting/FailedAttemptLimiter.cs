using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Lipsync.Licensing.RateLimiting;

/// <summary>
/// Brute-force guard: counts failed verifications per partition (client address, presented key) in
/// fixed windows on <see cref="TimeProvider"/>. A partition over its limit is refused with
/// <c>rate_limited</c> until its window ends. Successful calls are never counted.
/// </summary>
public sealed class FailedAttemptLimiter
{
    private sealed class Window
    {
        public long Start;
        public int Count;
    }

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly LicensingOptions _options;
    private const int SweepThreshold = 50_000;

    public FailedAttemptLimiter(TimeProvider time, IOptions<LicensingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _options = options.Value;
    }

    /// <summary>True when <paramref name="partition"/> has used up its failures; <paramref name="retryAfter"/> is the wait.</summary>
    public bool IsBlocked(string partition, int limit, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_windows.TryGetValue(partition, out var window))
        {
            return false;
        }

        var now = WindowStart(out var remaining);
        lock (window)
        {
            if (window.Start != now || window.Count < limit)
            {
                return false;
            }
        }

        retryAfter = remaining;
        return true;
    }

    public void RecordFailure(string partition)
    {
        if (_windows.Count > SweepThreshold)
        {
            Sweep();
        }

        var now = WindowStart(out _);
        var window = _windows.GetOrAdd(partition, _ => new Window { Start = now });
        lock (window)
        {
            if (window.Start != now)
            {
                window.Start = now;
                window.Count = 0;
            }

            window.Count++;
        }
    }

    private long WindowStart(out TimeSpan remaining)
    {
        var windowTicks = _options.RateLimitWindow.Ticks;
        var nowTicks = _time.GetUtcNow().UtcTicks;
        var start = nowTicks - (nowTicks % windowTicks);
        remaining = TimeSpan.FromTicks(start + windowTicks - nowTicks);
        return start;
    }

    private void Sweep()
    {
        var now = WindowStart(out _);
        foreach (var (key, window) in _windows)
        {
            if (Volatile.Read(ref window.Start) != now)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }
}
