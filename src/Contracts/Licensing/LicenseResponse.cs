using System.Text.Json.Serialization;

namespace Lipsync.Contracts.Licensing;

/// <summary>Answer of init and refresh: a short-lived signed license and when to refresh it.</summary>
public sealed record LicenseResponse
{
    [JsonPropertyName("sessionId")]
    public required string SessionId { get; init; }

    /// <summary>Compact JWS (ES256), verifiable with the JWKS route.</summary>
    [JsonPropertyName("license")]
    public required string License { get; init; }

    /// <summary>Starts at 1 on init, +1 on every refresh.</summary>
    [JsonPropertyName("epoch")]
    public required long Epoch { get; init; }

    [JsonPropertyName("expiresAt")]
    public required DateTimeOffset ExpiresAt { get; init; }

    [JsonPropertyName("refreshAfterMs")]
    public required long RefreshAfterMs { get; init; }

    /// <summary><c>dev</c>, <c>pub</c> or <c>sec</c>.</summary>
    [JsonPropertyName("keyType")]
    public required string KeyType { get; init; }
}

/// <summary>Claim names inside the license JWS.</summary>
public static class LicenseClaims
{
    public const string SessionId = "sid";
    public const string KeyId = "kid_key";
    public const string Account = "acct";
    public const string Origin = "origin";
    public const string Epoch = "epoch";
    public const string KeyType = "ktyp";
}
