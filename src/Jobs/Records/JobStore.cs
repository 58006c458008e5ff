using Azure;
using Azure.Data.Tables;
using Lipsync.Storage;

namespace Lipsync.Jobs.Records;

/// <summary>
/// The <c>jobs</c> table: job rows, plus two kinds of index rows: <c>active</c> names the jobs that are
/// not finished so the sweeper reads one partition instead of scanning the table (the sweeper removes
/// any whose job turns out to be finished or missing), and <c>account|&lt;id&gt;</c> lists an account's
/// jobs newest first (row key: inverted creation ticks + job id) for <c>GET /api/v1/jobs</c> and
/// <c>lipsync jobs list</c>. Jobs recorded before the account index existed are not listed.
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

        // Index first: a job row never exists without its index rows (the reverse is harmless: listing
        // skips an index row whose job is missing).
        await Guard(() => _table.UpsertEntityAsync(new TableEntity(ActivePartition, job.JobId), TableUpdateMode.Replace, cancellationToken));
        await Guard(() => _table.UpsertEntityAsync(new TableEntity(AccountPartition(job.AccountId), AccountRow(job)), TableUpdateMode.Replace, cancellationToken));
        try
        {
            var added = await Guard(() => _table.AddEntityAsync(job, cancellationToken));
            job.ETag = added.Headers.ETag ?? default;
            return (job, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Two submitters raced (the CLI and the drop-zone scanner, say): the loser's account-index row
            // carries its own creation time, so it is a second row for the same job. Remove it.
            var existing = await GetAsync(job.JobId, cancellationToken);
            if (existing is not null && AccountRow(existing) != AccountRow(job))
            {
                await Guard(async () =>
                {
                    try
                    {
                        await _table.DeleteEntityAsync(AccountPartition(job.AccountId), AccountRow(job), ETag.All, cancellationToken);
                    }
                    catch (RequestFailedException gone) when (gone.Status == 404)
                    {
                        // already gone
                    }

                    return true;
                });
            }

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
        DeleteIfExistsAsync(ActivePartition, jobId, cancellationToken);

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

    /// <summary>
    /// Deletes up to <paramref name="max"/> finished jobs created before <paramref name="createdBefore"/>:
    /// the job row, its listing row and any stale <c>active</c> row. Unfinished jobs are left to the
    /// sweeper. The listing rows' keys grow with age, so one range query across the account partitions
    /// finds exactly the expired ones; a sweep that stops at <paramref name="max"/> resumes where it was
    /// on the next run. Returns how many jobs were deleted.
    /// </summary>
    public async Task<int> ExpireAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken)
    {
        // '}' follows '|' in ASCII: the range holds every "account|..." partition and nothing else (job
        // rows are partitioned by hex job ids and running jobs are indexed under "active": both sort outside).
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {AccountPrefix} and PartitionKey lt {AccountPrefixEnd} and RowKey ge {InvertedTicks(createdBefore)}");
        var expired = new List<(string Partition, string Row, string JobId)>();
        await Guard(async () =>
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                expired.Add((row.PartitionKey, row.RowKey, row.RowKey[(row.RowKey.IndexOf('|', StringComparison.Ordinal) + 1)..]));
                if (expired.Count == max)
                {
                    break;
                }
            }

            return true;
        });

        var deleted = 0;
        await Parallel.ForEachAsync(expired, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var job = await GetAsync(item.JobId, ct);
            if (job is { IsTerminal: false })
            {
                return;
            }

            // Job row first: a listing row without its job is skipped by listings, the reverse would be listed.
            if (job is not null)
            {
                await DeleteIfExistsAsync(item.JobId, JobEntity.JobRow, ct);
                Interlocked.Increment(ref deleted);
            }

            await DeleteIfExistsAsync(ActivePartition, item.JobId, ct);
            await DeleteIfExistsAsync(item.Partition, item.Row, ct);
        });

        return deleted;
    }

    private async Task DeleteIfExistsAsync(string partition, string row, CancellationToken cancellationToken) =>
        await Guard(async () =>
        {
            try
            {
                await _table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Already gone.
            }

            return true;
        });

    /// <summary>
    /// One page of an account's jobs, newest first, optionally only those in <paramref name="status"/>;
    /// <c>Next</c> (URL-safe) continues the listing (null at the end; an unknown one is an
    /// <see cref="ArgumentException"/>). A page may hold fewer than
    /// <paramref name="pageSize"/> jobs when a status filter skips some.
    /// </summary>
    public async Task<(IReadOnlyList<JobEntity> Jobs, string? Next)> ListAsync(string accountId, string? status, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var partition = AccountPartition(accountId);
        var storageToken = continuation is null ? null : DecodeContinuation(continuation);
        var page = await Guard(async () =>
        {
            try
            {
                await foreach (var p in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: pageSize, select: ["RowKey"], cancellationToken: cancellationToken)
                    .AsPages(storageToken, pageSize))
                {
                    return p;
                }
            }
            catch (RequestFailedException e) when (e.Status == 400)
            {
                throw new ArgumentException("not a continuation this store returned", nameof(continuation), e);
            }

            return null;
        });
        if (page is null)
        {
            return ([], null);
        }

        // Distinct: a submitter that crashed mid-race can leave a second index row for one job.
        var ids = page.Values.Select(r => r.RowKey[(r.RowKey.IndexOf('|', StringComparison.Ordinal) + 1)..]).Distinct(StringComparer.Ordinal).ToList();
        var jobs = await Task.WhenAll(ids.Select(id => GetAsync(id, cancellationToken)));
        var listed = jobs.OfType<JobEntity>().Where(j => j.AccountId == accountId && (status is null || j.Status == status)).ToList();
        return (listed, page.ContinuationToken is { } next ? EncodeContinuation(next) : null);
    }

    // The table's continuation has spaces and '+': hand out a URL-safe form (base64url of it).
    private static string EncodeContinuation(string token) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodeContinuation(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
        }
        catch (FormatException e)
        {
            throw new ArgumentException("not a continuation this store returned", nameof(token), e);
        }
    }

    private const string AccountPrefix = "account|";
    private const string AccountPrefixEnd = "account}";

    private static string AccountPartition(string accountId) => AccountPrefix + accountId;

    private static string AccountRow(JobEntity job) => $"{InvertedTicks(job.CreatedAt)}|{job.JobId}";

    private static string InvertedTicks(DateTimeOffset at) => $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}";

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
