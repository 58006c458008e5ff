using Lipsync.Licensing.Origins;

namespace Lipsync.Licensing.Accounts;

/// <summary>An account with its subscription state and origin allow-list, loaded together (one partition).</summary>
public sealed record AccountRecord(
    string AccountId,
    SubscriptionStatus Status,
    DateTimeOffset? GraceUntil,
    IReadOnlyList<OriginPattern> Origins);
