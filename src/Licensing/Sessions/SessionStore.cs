using Azure;
using Azure.Data.Tables;
using Lipsync.Licensing.Keys;
using Lipsync.Storage;

namespace Lipsync.Licensing.Sessions;

/// <summary>Sessions in the <c>sessions</c> table (partition = session id), updated with ETag concurrency.</summary>
public sealed class SessionStore(StorageClients storage)
{
    private readonly TableClient _table = storage.Table(StorageNames.SessionsTable);

    private sealed class SessionEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string KeyHash { get; set; } = "";
        public string AccountId { get; set; } = "";
        public string KeyType { get; set; } = "";
        public string? Origin { get; set; }
        public string? UserId { get; set; }
        public long Epoch { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset ExpiresAt { get; set; }
    }

    public async Task CreateAsync(LicenseSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await Guard(() => _table.AddEntityAsync(ToEntity(session), cancellationToken));
    }

    public async Task<(LicenseSession Session, ETag ETag)?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var response = await Guard(() => _table.GetEntityIfExistsAsync<SessionEntity>(sessionId, "", cancellationToken: cancellationToken));
        if (!response.HasValue || !ApiKeyTypes.TryParse(response.Value!.KeyType, out var type))
        {
            return null;
        }

        var e = response.Value;
        return (new LicenseSession(e.PartitionKey, e.KeyHash, e.AccountId, type, e.Origin, e.UserId, e.Epoch, e.CreatedAt, e.ExpiresAt), e.ETag);
    }

    /// <summary>Replaces the session if nobody changed it since <paramref name="etag"/>; false on a lost race.</summary>
    public async Task<bool> TryReplaceAsync(LicenseSession session, ETag etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            await _table.UpdateEntityAsync(ToEntity(session), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
        catch (Exception e) when (StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("Session storage is unavailable.", e);
        }
    }

    private static SessionEntity ToEntity(LicenseSession s) => new()
    {
        PartitionKey = s.SessionId,
        RowKey = "",
        KeyHash = s.KeyHash,
        AccountId = s.AccountId,
        KeyType = s.KeyType.WireName(),
        Origin = s.Origin,
        UserId = s.UserId,
        Epoch = s.Epoch,
        CreatedAt = s.CreatedAt,
        ExpiresAt = s.ExpiresAt,
    };

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("Session storage is unavailable.", e);
        }
    }
}
