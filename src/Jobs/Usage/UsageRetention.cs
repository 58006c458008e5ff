using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Lipsync.Storage;

namespace Lipsync.Jobs.Usage;

/// <summary>
/// Deletes old months of the <c>usage</c> table. Its partitions are <c>{account}|mau|{yyyy-MM}</c> and
/// <c>{account}|speech|{yyyy-MM}</c>, so a month is deleted partition by partition: the accounts come
/// from the <c>accounts</c> table, and every query names its partition (indexed; no table scan, so the
/// cost follows the rows deleted, not the table's size). The twelve months before the cutoff's month are
/// visited, so a sweep that missed some runs catches up. Deletes go in entity-group transactions of up to
/// 100 rows (one partition each): a million-user month costs about 10,000 of them, once.
/// </summary>
public sealed class UsageRetention(StorageClients storage)
{
    private const int MonthsVisited = 12;
    private readonly TableClient _usage = storage.Table(StorageNames.UsageTable);
    private readonly TableClient _accounts = storage.Table(StorageNames.AccountsTable);

    /// <summary>Deletes the usage of months that ended before <paramref name="olderThan"/>'s month; returns how many rows.</summary>
    public async Task<int> ExpireAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        try
        {
            var accounts = new List<string> { SpeechUsage.Unattributed };
            await foreach (var row in _accounts.QueryAsync<TableEntity>(e => e.RowKey == "account", select: ["PartitionKey"], cancellationToken: cancellationToken))
            {
                accounts.Add(row.PartitionKey);
            }

            var firstKept = new DateTime(olderThan.UtcDateTime.Year, olderThan.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            var deleted = 0;
            foreach (var account in accounts)
            {
                for (var m = 1; m <= MonthsVisited; m++)
                {
                    var month = firstKept.AddMonths(-m).ToString("yyyy-MM", CultureInfo.InvariantCulture);
                    foreach (var kind in new[] { "mau", "speech" })
                    {
                        deleted += await DeletePartitionAsync($"{account}|{kind}|{month}", cancellationToken);
                    }
                }
            }

            return deleted;
        }
        catch (Exception e) when (StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("The usage table is unavailable.", e);
        }
    }

    private async Task<int> DeletePartitionAsync(string partition, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var batch = new List<TableTransactionAction>(100);
        await foreach (var row in _usage.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), ETag.All));
            if (batch.Count == 100)
            {
                deleted += await SubmitAsync(batch, cancellationToken);
            }
        }

        return deleted + await SubmitAsync(batch, cancellationToken);
    }

    private async Task<int> SubmitAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        var count = batch.Count;
        if (count == 0)
        {
            return 0;
        }

        try
        {
            await _usage.SubmitTransactionAsync(batch, cancellationToken);
            return count;
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // A row went between the query and the delete (another sweeper): the next sweep finishes the rest.
            return 0;
        }
        finally
        {
            batch.Clear();
        }
    }
}
