using Lipsync.Contracts.Jobs;
using Lipsync.Jobs.Records;

namespace Lipsync.Jobs.Processing;

/// <summary>
/// A worker's claim on a running job. Renews itself every third of the lease; if a renewal finds the row
/// changed (the lease expired and somebody took the job over), <see cref="Lost"/> is cancelled and this
/// worker must stop without writing. All row writes go through one lock so renewals never race them.
/// </summary>
internal sealed class JobLease : IAsyncDisposable
{
    private readonly JobStore _jobs;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly Task _renewal;

    public JobLease(JobEntity job, JobStore jobs, TimeProvider time, TimeSpan duration)
    {
        Job = job;
        _jobs = jobs;
        _time = time;
        _duration = duration;
        _renewal = RenewLoopAsync();
    }

    public JobEntity Job { get; }

    /// <summary>Cancelled when the lease was lost to another worker.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Applies a final or intermediate state; false when the lease was lost first.</summary>
    public async Task<bool> UpdateAsync(Action<JobEntity> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_lost.IsCancellationRequested)
            {
                return false;
            }

            change(Job);
            Job.UpdatedAt = _time.GetUtcNow();
            if (Job.Status != JobStatus.Running)
            {
                Job.LeaseOwner = null;
                Job.LeaseUntil = null;
                await _stopRenewing.CancelAsync();
            }

            if (await _jobs.TryReplaceAsync(Job, cancellationToken))
            {
                return true;
            }

            await _lost.CancelAsync();
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopRenewing.CancelAsync();
        try
        {
            await _renewal;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stopRenewing.Dispose();
        _lost.Dispose();
        _gate.Dispose();
    }

    private async Task RenewLoopAsync()
    {
        using var timer = new PeriodicTimer(_duration / 3, _time);
        while (await timer.WaitForNextTickAsync(_stopRenewing.Token))
        {
            try
            {
                await UpdateAsync(j => j.LeaseUntil = _time.GetUtcNow() + _duration, _stopRenewing.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed renewal is retried at the next tick; the lease has two more thirds to run.
            }
        }
    }
}
