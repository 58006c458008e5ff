using Lipsync.Licensing.Lookup;
using Microsoft.Extensions.Time.Testing;

namespace Lipsync.UnitTests.Licensing;

public sealed class StaleWhileRevalidateCacheTests
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxStale = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Negative = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();
    private readonly StaleWhileRevalidateCache<string> _cache;
    private string? _stored = "v1";
    private int _loads;

    public StaleWhileRevalidateCacheTests() => _cache = new(_time, Fresh, MaxStale, Negative);

    private ValueTask<string?> Load(string key, CancellationToken ct)
    {
        Interlocked.Increment(ref _loads);
        return ValueTask.FromResult(_stored);
    }

    [Fact]
    public async Task Fresh_entries_are_served_without_storage()
    {
        Assert.Equal("v1", await _cache.GetAsync("k", Load, default));
        _stored = "v2";
        _time.Advance(Fresh - TimeSpan.FromMilliseconds(1));
        Assert.Equal("v1", await _cache.GetAsync("k", Load, default));
        Assert.Equal(1, _loads);
        Assert.Equal(1, _cache.Hits);
    }

    [Fact]
    public async Task Stale_entries_are_served_once_while_a_background_reload_picks_up_the_change()
    {
        await _cache.GetAsync("k", Load, default);
        _stored = "v2";
        _time.Advance(Fresh);
        Assert.Equal("v1", await _cache.GetAsync("k", Load, default)); // stale, revalidating
        await WaitForAsync(() => _loads == 2);
        Assert.Equal("v2", await _cache.GetAsync("k", Load, default));
    }

    [Fact]
    public async Task Nothing_older_than_max_stale_is_ever_served()
    {
        await _cache.GetAsync("k", Load, default);
        _stored = "disabled";
        _time.Advance(MaxStale);
        Assert.Equal("disabled", await _cache.GetAsync("k", Load, default));
    }

    [Fact]
    public async Task Unknown_keys_are_cached_as_unknown_for_the_negative_window()
    {
        _stored = null;
        Assert.Null(await _cache.GetAsync("k", Load, default));
        _stored = "created";
        _time.Advance(Negative - TimeSpan.FromMilliseconds(1));
        Assert.Null(await _cache.GetAsync("k", Load, default));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("created", await _cache.GetAsync("k", Load, default));
    }

    [Fact]
    public async Task Concurrent_misses_share_one_load()
    {
        var gate = new TaskCompletionSource();
        var loads = 0;
        async ValueTask<string?> Slow(string key, CancellationToken ct)
        {
            Interlocked.Increment(ref loads);
            await gate.Task;
            return "v";
        }

        var calls = Enumerable.Range(0, 50).Select(_ => _cache.GetAsync("k", Slow, default).AsTask()).ToList();
        gate.SetResult();
        Assert.All(await Task.WhenAll(calls), v => Assert.Equal("v", v));
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task A_failing_load_reaches_the_caller_once_the_entry_is_too_old()
    {
        await _cache.GetAsync("k", Load, default);
        _time.Advance(MaxStale);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await _cache.GetAsync("k", (_, _) => throw new InvalidOperationException("storage down"), default));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition());
    }
}
