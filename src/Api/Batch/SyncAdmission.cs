using Lipsync.Jobs.Processing;
using Microsoft.Extensions.Options;

namespace Lipsync.Api.Batch;

/// <summary>
/// How many <c>POST /api/v1/timelines</c> calls an instance runs at once. The engine is CPU-bound and
/// synchronous: without a cap, one tenant's burst took every core and thread, key-cache revalidations
/// timed out and every tenant got 503. At most <see cref="BatchOptions.SyncConcurrency"/> run; a call
/// waits up to <see cref="BatchOptions.SyncQueueTimeout"/> for a slot, and one account never holds more
/// than <see cref="BatchOptions.SyncPerAccount"/>; the rest are answered at once with 429
/// <c>rate_limited</c> and <c>Retry-After</c>, before their bodies are read.
/// </summary>
public sealed class SyncAdmission(IOptions<BatchOptions> options) : IDisposable
{
    private readonly BatchOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(options.Value.SyncConcurrency, options.Value.SyncConcurrency);
    private readonly AccountShares _perAccount = new(options.Value.SyncPerAccount);

    /// <summary>A slot for <paramref name="account"/> (dispose it when done), or null when the caller should come back later.</summary>
    public async Task<IDisposable?> TryEnterAsync(string account, CancellationToken cancellationToken)
    {
        if (!_perAccount.TryEnter(account))
        {
            return null;
        }

        var entered = false;
        try
        {
            entered = await _slots.WaitAsync(_options.SyncQueueTimeout, cancellationToken);
        }
        finally
        {
            if (!entered)
            {
                _perAccount.Leave(account);
            }
        }

        return entered ? new Slot(this, account) : null;
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SyncAdmission owner, string account) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner._slots.Release();
                owner._perAccount.Leave(account);
            }
        }
    }
}
