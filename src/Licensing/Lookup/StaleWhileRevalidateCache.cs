using System.Collections.Concurrent;

namespace Lipsync.Licensing.Lookup;

/// <summary>
/// A read-through cache with stale-while-revalidate and negative caching, on <see cref="TimeProvider"/>.
/// <list type="bullet">
/// <item>younger than <c>freshFor</c> (<c>negativeFor</c> for "not found"): served from memory;</item>
/// <item>found and younger than <c>maxStale</c>: served from memory while one background reload runs;</item>
/// <item>otherwise: loaded, with concurrent callers sharing one load (no stampede).</item>
/// </list>
/// So a change in storage is seen at most <c>maxStale</c> later. Failed background reloads keep the
/// old value only until <c>maxStale</c>; after that the load's exception reaches the caller.
/// </summary>
internal sealed class StaleWhileRevalidateCache<TValue>(TimeProvider time, TimeSpan freshFor, TimeSpan maxStale, TimeSpan negativeFor, int maxEntries = 200_000)
    where TValue : class
{
    private sealed record Entry(TValue? Value, long LoadedAt);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<TValue?>>> _loads = new(StringComparer.Ordinal);
    private long _hits;
    private long _loadsStarted;

    /// <summary>Calls answered from memory.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Storage loads started (foreground and background).</summary>
    public long Loads => Interlocked.Read(ref _loadsStarted);

    public async ValueTask<TValue?> GetAsync(string key, Func<string, CancellationToken, ValueTask<TValue?>> load, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            var age = time.GetElapsedTime(entry.LoadedAt);
            if (age < (entry.Value is null ? negativeFor : freshFor))
            {
                Interlocked.Increment(ref _hits);
                return entry.Value;
            }

            if (entry.Value is not null && age < maxStale)
            {
                Interlocked.Increment(ref _hits);
                // Revalidate in the background; a failure is seen by the first caller past maxStale.
                _ = LoadSharedAsync(key, load).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return entry.Value;
            }
        }

        // The token limits how long this caller waits; the shared load completes for the others.
        return await LoadSharedAsync(key, load).WaitAsync(cancellationToken);
    }

    private Task<TValue?> LoadSharedAsync(string key, Func<string, CancellationToken, ValueTask<TValue?>> load) =>
        _loads.GetOrAdd(key, k => new Lazy<Task<TValue?>>(() => LoadAsync(k, load))).Value;

    private async Task<TValue?> LoadAsync(string key, Func<string, CancellationToken, ValueTask<TValue?>> load)
    {
        Interlocked.Increment(ref _loadsStarted);
        try
        {
            var value = await load(key, CancellationToken.None);
            if (_entries.Count >= maxEntries)
            {
                _entries.Clear(); // crude bound: a burst of distinct keys cannot grow memory without limit
            }

            _entries[key] = new Entry(value, time.GetTimestamp());
            return value;
        }
        finally
        {
            _loads.TryRemove(key, out _);
        }
    }
}
