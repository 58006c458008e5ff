using Azure;
using Azure.Data.Tables;
using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Keys;
using Lipsync.Storage;

namespace Lipsync.Licensing.Lookup;

/// <summary>Keys and accounts straight from Table Storage: one point read per key, one partition query per account.</summary>
public sealed class TableKeyDirectory(StorageClients storage) : IKeyDirectory
{
    private readonly TableClient _keys = storage.Table(StorageNames.KeysTable);
    private readonly TableClient _accounts = storage.Table(StorageNames.AccountsTable);

    public async ValueTask<ApiKeyRecord?> FindKeyAsync(string keyHash, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _keys.GetEntityIfExistsAsync<KeyEntity>(KeyHasher.PartitionOf(keyHash), keyHash, cancellationToken: cancellationToken);
            return response.HasValue ? response.Value!.ToRecord() : null;
        }
        catch (Exception e) when (e is not RequestFailedException { Status: 404 } && StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("Key storage is unavailable.", e);
        }
    }

    public async ValueTask<AccountRecord?> FindAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            var rows = new List<AccountEntity>();
            await foreach (var row in _accounts.QueryAsync<AccountEntity>(e => e.PartitionKey == accountId, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }

            return AccountEntity.ToRecord(accountId, rows);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // table missing: nothing provisioned yet
        }
        catch (Exception e) when (StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("Account storage is unavailable.", e);
        }
    }
}
