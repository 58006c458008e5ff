using System.Globalization;
using Azure.Data.Tables;
using Lipsync.Storage;

namespace Lipsync.Jobs.Usage;

/// <summary>
/// Speech seconds per account in the <c>usage</c> table: partition <c>{account}|speech|{yyyy-MM}</c>, one
/// row per timeline keyed by its job (or request) id. An upsert keyed that way is idempotent, so a job
/// re-run after a crash is counted once; a month's usage is the sum of one partition.
/// </summary>
public sealed class SpeechUsage(StorageClients storage)
{
    /// <summary>The account of speech that no account claims (a sync call without one).</summary>
    public const string Unattributed = "_unattributed";
    private readonly TableClient _table = storage.Table(StorageNames.UsageTable);

    public static string PartitionFor(string accountId, DateTimeOffset at) =>
        $"{(string.IsNullOrEmpty(accountId) ? Unattributed : accountId)}|speech|{at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    /// <summary>Records one timeline's speech; <paramref name="source"/> is <c>job|{id}</c> or <c>sync|{requestId}</c>.</summary>
    public async Task RecordAsync(string accountId, string source, int speechMs, int durationMs, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = new TableEntity(PartitionFor(accountId, at), source)
        {
            ["SpeechMs"] = speechMs,
            ["DurationMs"] = durationMs,
            ["At"] = at,
        };
        try
        {
            await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("The usage table is unavailable.", e);
        }
    }
}
