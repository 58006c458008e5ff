using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Keys;
using Microsoft.Extensions.Options;

namespace Lipsync.Licensing.Lookup;

/// <summary>
/// The hot path's view of keys and accounts: memory first, Table Storage on a miss. Staleness bound:
/// <see cref="LicensingOptions.CacheMaxStale"/> (30 s by default); unknown keys are cached as unknown
/// for <see cref="LicensingOptions.NegativeCacheFor"/>.
/// </summary>
public sealed class CachedKeyDirectory : IKeyDirectory
{
    private readonly IKeyDirectory _inner;
    private readonly StaleWhileRevalidateCache<ApiKeyRecord> _keys;
    private readonly StaleWhileRevalidateCache<AccountRecord> _accounts;

    public CachedKeyDirectory(IKeyDirectory inner, IOptions<LicensingOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _inner = inner;
        _keys = new(time, o.CacheFreshFor, o.CacheMaxStale, o.NegativeCacheFor);
        _accounts = new(time, o.CacheFreshFor, o.CacheMaxStale, o.NegativeCacheFor);
    }

    /// <summary>Lookups answered from memory, and storage reads, since start (for benchmarks and metrics).</summary>
    public (long Hits, long StorageReads) Statistics => (_keys.Hits + _accounts.Hits, _keys.Loads + _accounts.Loads);

    public ValueTask<ApiKeyRecord?> FindKeyAsync(string keyHash, CancellationToken cancellationToken) =>
        _keys.GetAsync(keyHash, _inner.FindKeyAsync, cancellationToken);

    public ValueTask<AccountRecord?> FindAccountAsync(string accountId, CancellationToken cancellationToken) =>
        _accounts.GetAsync(accountId, _inner.FindAccountAsync, cancellationToken);
}
