using Lipsync.Licensing.Keys;

namespace Lipsync.Licensing.Sessions;

/// <summary>A license session: issued at init, extended by each refresh, gone <c>SessionTtl</c> after the last one.</summary>
public sealed record LicenseSession(
    string SessionId,
    string KeyHash,
    string AccountId,
    ApiKeyType KeyType,
    string? Origin,
    string? UserId,
    long Epoch,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
