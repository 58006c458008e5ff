using Azure;
using Azure.Data.Tables;
using Lipsync.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lipsync.Licensing.Usage;

/// <summary>
/// Writes MAU sightings to the <c>usage</c> table: partition <c>{account}|mau|{yyyy-MM}</c>, one row per
/// hashed user, so a month's MAU is the row count of one partition. Upserts go in entity-group
/// transactions of up to 100 rows; a failed batch is retried on the next tick.
/// </summary>
public sealed partial class UsageFlushService(MauRecorder recorder, StorageClients storage, ILogger<UsageFlushService> logger) : BackgroundService
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);

    // Sightings kept for retry while storage is down; beyond this they are dropped (MAU rows are idempotent
    // upserts and users are seen again), so an outage cannot grow memory without bound.
    private const int MaxRetained = 100_000;
    private readonly TableClient _table = storage.Table(StorageNames.UsageTable);

    public static string PartitionFor(string accountId, string month) => $"{accountId}|mau|{month}";

    /// <summary>How long the last flush at shutdown may take; storage may be down, and the host must stop within 10 s.</summary>
    public static readonly TimeSpan FinalFlushBudget = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Ticks run on the host's lifetime; the last flush gets a short budget of its own.
        using var flushBudget = new CancellationTokenSource();
        using var onStop = stoppingToken.Register(() => flushBudget.CancelAfter(FinalFlushBudget));
        var retry = new List<ActiveUser>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping: flush what is queued, then leave.
            }

            while (recorder.Pending.TryRead(out var user))
            {
                retry.Add(user);
            }

            if (retry.Count > 0)
            {
                retry = await FlushAsync(retry, flushBudget.Token);
            }
        }
    }

    private async Task<List<ActiveUser>> FlushAsync(List<ActiveUser> users, CancellationToken cancellationToken)
    {
        var failed = new List<ActiveUser>();
        foreach (var group in users.GroupBy(u => PartitionFor(u.AccountId, u.Month)))
        {
            foreach (var chunk in group.Chunk(100))
            {
                var actions = chunk.Select(u => new TableTransactionAction(
                    TableTransactionActionType.UpsertMerge,
                    new TableEntity(group.Key, u.UserHash) { ["FirstSeen"] = u.SeenAt })).ToList();
                try
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        failed.AddRange(chunk); // out of time at shutdown: dropped with the process (idempotent, seen again)
                        continue;
                    }

                    await _table.SubmitTransactionAsync(actions, cancellationToken);
                }
                catch (Exception e)
                {
                    // Whatever storage throws (timeouts arrive as an AggregateException of cancellations),
                    // retry next tick: a background service that let one escape would stop the whole host.
                    LogFlushFailed(logger, chunk.Length, (e as RequestFailedException)?.Status ?? 0);
                    failed.AddRange(chunk.Length + failed.Count <= MaxRetained ? chunk : []);
                }
            }
        }

        return failed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage flush of {Count} rows failed (status {Status}; 0 = no answer); retrying next tick")]
    private static partial void LogFlushFailed(ILogger logger, int count, int status);
}
