using Azure;
using Microsoft.Extensions.Logging;

namespace Lipsync.Storage;

/// <summary>Creates the contract's tables, containers and queues if they are missing (local runs and tests).</summary>
public sealed partial class StorageProvisioner(StorageClients clients, ILogger<StorageProvisioner> logger)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var tasks = new List<Task>();
        tasks.AddRange(StorageNames.Tables.Select(t => clients.Tables.CreateTableIfNotExistsAsync(t, cancellationToken)));
        tasks.AddRange(StorageNames.Containers.Select(c => clients.Container(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        tasks.AddRange(StorageNames.Queues.Select(q => clients.Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (RequestFailedException e)
        {
            throw new InvalidOperationException($"Could not create the storage resources ({e.Status} {e.ErrorCode}). Is the storage emulator running?", e);
        }

        LogProvisioned(logger, StorageNames.Tables.Count, StorageNames.Containers.Count, StorageNames.Queues.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {Tables} tables, {Containers} containers, {Queues} queues")]
    private static partial void LogProvisioned(ILogger logger, int tables, int containers, int queues);
}
