using Azure;
using Azure.Data.Tables;
using Lipsync.Storage;

namespace Lipsync.Jobs.Usage;

/// <summary>
/// Deletes <c>usage</c> rows (MAU sightings, speech seconds) last written before a cutoff. A month's
/// partition stops being written when the month ends, so "last written before" selects whole old months.
/// The scan is server-side filtered on the row timestamp; deletes go in entity-group transactions of up
/// to 100 rows per partition, so a million-user month costs about 10,000 delete transactions, once.
/// </summary>
public sealed class UsageRetention(StorageClients storage)
{
    private readonly TableClient _table = storage.Table(StorageNames.UsageTable);

    /// <summary>Returns how many rows were deleted.</summary>
    public async Task<int> ExpireAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Timestamp lt {writtenBefore}");
        var deleted = 0;
        try
        {
            var batch = new List<TableTransactionAction>(100);
            string? partition = null;
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                if (batch.Count == 100 || (partition is not null && row.PartitionKey != partition))
                {
                    deleted += await SubmitAsync(batch, cancellationToken);
                }

                partition = row.PartitionKey;
                batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            }

            return deleted + await SubmitAsync(batch, cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("The usage table is unavailable.", e);
        }
    }

    private async Task<int> SubmitAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var count = batch.Count;
        try
        {
            await _table.SubmitTransactionAsync(batch, cancellationToken);
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
