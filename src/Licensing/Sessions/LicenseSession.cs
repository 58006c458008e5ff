using Lipsync.Licensing.Keys;

namespace Lipsync.Licensing.Sessions;

/// <summary>
/// A license session: issued at init, extended by each refresh, gone <c>SessionTtl</c> after the last one.
/// It lives in the session token the client sends back (<see cref="SessionTokens"/>), not in storage.
/// </summary>
public sealed record LicenseSession(
    string SessionId,
    string KeyId,
    string AccountId,
    ApiKeyType KeyType,
    string? Origin,
    long Epoch,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
