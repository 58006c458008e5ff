using Azure;
using Azure.Data.Tables;
using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Lookup;
using Lipsync.Licensing.Origins;
using Lipsync.Storage;

namespace Lipsync.Licensing.Admin;

/// <summary>Account and allow-list administration (the CLI's <c>accounts</c> and <c>origins</c> verbs).</summary>
public sealed class AccountAdmin(StorageClients storage)
{
    private readonly TableClient _accounts = storage.Table(StorageNames.AccountsTable);
    private readonly TableKeyDirectory _directory = new(storage);

    public static void ValidateAccountId(string accountId)
    {
        if (string.IsNullOrEmpty(accountId) || accountId.Length > 64 || !accountId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new AdminException("Account ids are 1-64 characters of letters, digits, '-' and '_'.");
        }
    }

    public async Task<AccountRecord> CreateAsync(string accountId, SubscriptionStatus status, DateTimeOffset? graceUntil, CancellationToken cancellationToken = default)
    {
        ValidateAccountId(accountId);
        ValidateGrace(status, graceUntil);
        try
        {
            await _accounts.AddEntityAsync(new AccountEntity { PartitionKey = accountId, RowKey = AccountEntity.AccountRow, Status = status.WireName(), GraceUntil = graceUntil }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new AdminException($"Account '{accountId}' already exists; use 'accounts set' to change it.");
        }

        return await GetAsync(accountId, cancellationToken);
    }

    public async Task<AccountRecord> SetStatusAsync(string accountId, SubscriptionStatus status, DateTimeOffset? graceUntil, CancellationToken cancellationToken = default)
    {
        await GetAsync(accountId, cancellationToken);
        ValidateGrace(status, graceUntil);
        await _accounts.UpsertEntityAsync(
            new AccountEntity { PartitionKey = accountId, RowKey = AccountEntity.AccountRow, Status = status.WireName(), GraceUntil = graceUntil },
            TableUpdateMode.Replace,
            cancellationToken);
        return await GetAsync(accountId, cancellationToken);
    }

    public async Task<AccountRecord> AddOriginAsync(string accountId, string origin, CancellationToken cancellationToken = default)
    {
        var pattern = ParseOrigin(origin);
        await GetAsync(accountId, cancellationToken);
        await _accounts.UpsertEntityAsync(
            new AccountEntity { PartitionKey = accountId, RowKey = AccountEntity.OriginRowKey(pattern), Origin = pattern.ToString() },
            TableUpdateMode.Replace,
            cancellationToken);
        return await GetAsync(accountId, cancellationToken);
    }

    public async Task<AccountRecord> RemoveOriginAsync(string accountId, string origin, CancellationToken cancellationToken = default)
    {
        var pattern = ParseOrigin(origin);
        await GetAsync(accountId, cancellationToken);
        await _accounts.DeleteEntityAsync(accountId, AccountEntity.OriginRowKey(pattern), ETag.All, cancellationToken);
        return await GetAsync(accountId, cancellationToken);
    }

    public async Task<AccountRecord> GetAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ValidateAccountId(accountId);
        return await _directory.FindAccountAsync(accountId, cancellationToken)
            ?? throw new AdminException($"Account '{accountId}' does not exist; create it with 'accounts create'.");
    }

    private static OriginPattern ParseOrigin(string origin) =>
        OriginPattern.TryParse(origin, out var pattern)
            ? pattern!
            : throw new AdminException($"'{origin}' is not an allow-list entry: use a full origin (https://app.example.com[:port]) or a one-level wildcard (https://*.example.com), ASCII (punycode for IDNs).");

    private static void ValidateGrace(SubscriptionStatus status, DateTimeOffset? graceUntil)
    {
        if (status == SubscriptionStatus.PastDue && graceUntil is null)
        {
            throw new AdminException("A past_due account needs --grace-until <iso time>: the end of its grace period.");
        }
    }
}
