using System.Buffers;
using Azure.Data.Tables;
using Lipsync.Licensing.Lookup;
using Lipsync.Licensing.Keys;
using Lipsync.Storage;

namespace Lipsync.Licensing.Admin;

/// <summary>A key just created: the plaintext is returned here once and never stored.</summary>
public sealed record CreatedKey(string Key, ApiKeyRecord Record);

/// <summary>Key administration (the CLI's <c>keys</c> verbs).</summary>
public sealed class KeyAdmin(StorageClients storage, KeyHasher hasher, AccountAdmin accounts, TimeProvider time)
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");
    private readonly TableClient _keys = storage.Table(StorageNames.KeysTable);

    public async Task<CreatedKey> CreateAsync(string accountId, ApiKeyType type, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        await accounts.GetAsync(accountId, cancellationToken);
        var now = time.GetUtcNow();
        if (expiresAt is { } e && e <= now)
        {
            throw new AdminException("--expires-at must be in the future.");
        }

        var key = ApiKeyFormat.Generate(type);
        var record = new ApiKeyRecord(hasher.Hash(key), accountId, type, now, expiresAt, Disabled: false);
        await _keys.AddEntityAsync(KeyEntity.From(record), cancellationToken);
        return new CreatedKey(key, record);
    }

    public async Task<ApiKeyRecord> DisableAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var entity = await FindByIdAsync(keyId, cancellationToken);
        entity.Disabled = true;
        await _keys.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
        return entity.ToRecord()!;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await accounts.GetAsync(accountId, cancellationToken);
        var result = new List<ApiKeyRecord>();
        // Admin-only cross-partition scan: keys are partitioned by hash for the hot path, not by account.
        await foreach (var entity in _keys.QueryAsync<KeyEntity>(k => k.AccountId == accountId, cancellationToken: cancellationToken))
        {
            if (entity.ToRecord() is { } record)
            {
                result.Add(record);
            }
        }

        return result.OrderBy(r => r.CreatedAt).ToList();
    }

    // Key ids are "key_" + the first 20 hash characters: a range query inside one partition finds the row.
    private async Task<KeyEntity> FindByIdAsync(string keyId, CancellationToken cancellationToken)
    {
        if (keyId is not { Length: 24 } || !keyId.StartsWith("key_", StringComparison.Ordinal) || keyId.AsSpan(4).ContainsAnyExcept(HexDigits))
        {
            throw new AdminException($"'{keyId}' is not a key id (key_ followed by 20 hex characters).");
        }

        var prefix = keyId[4..];
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        var partition = KeyHasher.PartitionOf(prefix);
        await foreach (var entity in _keys.QueryAsync<KeyEntity>(
            k => k.PartitionKey == partition && k.RowKey.CompareTo(prefix) >= 0 && k.RowKey.CompareTo(upper) < 0,
            cancellationToken: cancellationToken))
        {
            return entity;
        }

        throw new AdminException($"No key has id '{keyId}'.");
    }
}
