using Azure;
using Azure.Data.Tables;
using Lipsync.Storage;

namespace Lipsync.Jobs.Records;

/// <summary>
/// The <c>jobs</c> table: job rows, plus an index partition (<c>active</c>) naming the jobs that are not
/// finished so the sweeper reads one partition instead of scanning the table. Index rows are hints:
/// the sweeper removes any whose job turns out to be finished or missing.
/// Storage outages surface as <see cref="ServiceUnavailableException"/>.
/// </summary>
public sealed class JobStore(StorageClients storage)
{
    private const string ActivePartition = "active";
    private readonly TableClient _table = storage.Table(StorageNames.JobsTable);

    public async Task<JobEntity?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        var response = await Guard(() => _table.GetEntityIfExistsAsync<JobEntity>(jobId, JobEntity.JobRow, cancellationToken: cancellationToken));
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Adds the job (and its index row) unless it exists; returns the stored row either way.</summary>
    public async Task<(JobEntity Job, bool Created)> GetOrAddAsync(JobEntity job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (await GetAsync(job.JobId, cancellationToken) is { } known)
        {
            return (known, false);
        }

        // Index first: a job row never exists without its index row (the reverse is harmless).
        await Guard(() => _table.UpsertEntityAsync(new TableEntity(ActivePartition, job.JobId), TableUpdateMode.Replace, cancellationToken));
        try
        {
            var added = await Guard(() => _table.AddEntityAsync(job, cancellationToken));
            job.ETag = added.Headers.ETag ?? default;
            return (job, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await GetAsync(job.JobId, cancellationToken);
            return existing is null ? await GetOrAddAsync(job, cancellationToken) : (existing, false);
        }
    }

    /// <summary>Replaces the row if nobody changed it since it was read; false when somebody did.</summary>
    public async Task<bool> TryReplaceAsync(JobEntity job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            var response = await Guard(() => _table.UpdateEntityAsync(job, job.ETag, TableUpdateMode.Replace, cancellationToken));
            job.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public Task RemoveFromActiveAsync(string jobId, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            try
            {
                await _table.DeleteEntityAsync(ActivePartition, jobId, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Already gone.
            }

            return true;
        });

    public async Task<IReadOnlyList<string>> ActiveJobIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await Guard(async () =>
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == ActivePartition, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                ids.Add(row.RowKey);
            }

            return true;
        });
        return ids;
    }

    // Conflicts and missing rows are answers; anything else from storage is an outage.
    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            throw;
        }
        catch (Exception e) when (StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("The jobs table is unavailable.", e);
        }
    }
}
