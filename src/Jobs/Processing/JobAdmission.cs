using Microsoft.Extensions.Options;

namespace Lipsync.Jobs.Processing;

/// <summary>
/// What one instance lets run at once, so one tenant cannot starve another and many large inputs
/// cannot take the instance past its memory: at most <see cref="JobsOptions.MaxConcurrentPerAccount"/>
/// running jobs per account (a job over that is deferred, not failed), and every running job holds
/// a share of <see cref="JobsOptions.MemoryBudgetMb"/> sized from its input, waiting for room
/// otherwise. In-process and per instance: fairness across instances comes from each applying it.
/// </summary>
public sealed class JobAdmission(IOptions<JobsOptions> options) : IDisposable
{
    private const long InMemoryInputLimit = 64L * 1024 * 1024;
    private readonly JobsOptions _options = options.Value;
    private readonly AccountShares _running = new(options.Value.MaxConcurrentPerAccount);
    private readonly SemaphoreSlim _memoryChanged = new(0);
    private readonly Lock _gate = new();
    private long _reservedBytes;

    public long BudgetBytes => _options.MemoryBudgetMb * 1024L * 1024L;

    /// <summary>Bytes reserved right now (for tests and telemetry).</summary>
    public long ReservedBytes
    {
        get
        {
            lock (_gate)
            {
                return _reservedBytes;
            }
        }
    }

    /// <summary>Takes one of the account's slots; false when it already runs its share here.</summary>
    public bool TryEnterAccount(string account) => _running.TryEnter(account);

    public void LeaveAccount(string account) => _running.Leave(account);

    /// <summary>
    /// The memory a job with an input of <paramref name="inputBytes"/> may use: the input itself up to
    /// the 64 MiB held in memory (beyond, it is spooled to disk), plus features (16 KB per second of
    /// audio, held by the decode worker and again here), posteriors and decoder buffers: about three
    /// times the input for compressed audio, within 8-512 MiB.
    /// </summary>
    public long CostOf(long inputBytes) =>
        Math.Min(BudgetBytes, Math.Min(inputBytes, InMemoryInputLimit) + Math.Clamp(inputBytes * 3, 8L << 20, 512L << 20));

    /// <summary>Waits until <paramref name="bytes"/> fit in the budget; dispose the result to give them back.</summary>
    public async Task<IDisposable> ReserveMemoryAsync(long bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_reservedBytes == 0 || _reservedBytes + bytes <= BudgetBytes)
                {
                    _reservedBytes += bytes;
                    return new Reservation(this, bytes);
                }
            }

            await _memoryChanged.WaitAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public void Dispose() => _memoryChanged.Dispose();

    private void Release(long bytes)
    {
        lock (_gate)
        {
            _reservedBytes -= bytes;
        }

        _memoryChanged.Release();
    }

    private sealed class Reservation(JobAdmission owner, long bytes) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(bytes);
            }
        }
    }
}
