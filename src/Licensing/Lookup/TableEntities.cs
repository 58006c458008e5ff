using Azure;
using Azure.Data.Tables;
using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Keys;
using Lipsync.Licensing.Origins;

namespace Lipsync.Licensing.Lookup;

/// <summary>Row in <c>keys</c>: partition = first two hash characters, row = the key's HMAC hash.</summary>
internal sealed class KeyEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string AccountId { get; set; } = "";
    public string Type { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public bool Disabled { get; set; }

    public static KeyEntity From(ApiKeyRecord key) => new()
    {
        PartitionKey = KeyHasher.PartitionOf(key.Hash),
        RowKey = key.Hash,
        AccountId = key.AccountId,
        Type = key.Type.WireName(),
        CreatedAt = key.CreatedAt,
        ExpiresAt = key.ExpiresAt,
        Disabled = key.Disabled,
    };

    public ApiKeyRecord? ToRecord() =>
        ApiKeyTypes.TryParse(Type, out var type)
            ? new ApiKeyRecord(RowKey, AccountId, type, CreatedAt, ExpiresAt, Disabled)
            : null;
}

/// <summary>
/// Rows in <c>accounts</c>: partition = account id; row <c>account</c> holds the subscription, rows
/// <c>origin|…</c> the allow-list, so one partition query loads everything a verification needs.
/// </summary>
internal sealed class AccountEntity : ITableEntity
{
    public const string AccountRow = "account";
    public const string OriginRowPrefix = "origin|";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Set on the account row.</summary>
    public string? Status { get; set; }
    public DateTimeOffset? GraceUntil { get; set; }

    /// <summary>Set on origin rows: the canonical allow-list entry.</summary>
    public string? Origin { get; set; }

    public static string OriginRowKey(OriginPattern pattern) => OriginRowPrefix + Uri.EscapeDataString(pattern.ToString());

    public static AccountRecord? ToRecord(string accountId, IEnumerable<AccountEntity> rows)
    {
        AccountEntity? account = null;
        var origins = new List<OriginPattern>();
        foreach (var row in rows)
        {
            if (row.RowKey == AccountRow)
            {
                account = row;
            }
            else if (row.RowKey.StartsWith(OriginRowPrefix, StringComparison.Ordinal) && OriginPattern.TryParse(row.Origin, out var pattern))
            {
                origins.Add(pattern!);
            }
        }

        return account is not null && SubscriptionStatuses.TryParse(account.Status, out var status)
            ? new AccountRecord(accountId, status, account.GraceUntil, origins)
            : null;
    }
}
