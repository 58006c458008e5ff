using System.Text.Json.Serialization;

namespace Lipsync.Contracts.Licensing;

/// <summary>Optional body of <c>POST /api/v1/license/init</c>.</summary>
public sealed record LicenseInitRequest
{
    /// <summary>Stable per-user id (MAU attribution); recommended.</summary>
    [JsonPropertyName("userId")]
    public string? UserId { get; init; }

    /// <summary>Client fingerprint hash, used for attribution when no userId is given.</summary>
    [JsonPropertyName("fingerprintHash")]
    public string? FingerprintHash { get; init; }
}

/// <summary>Body of <c>POST /api/v1/license/refresh</c>.</summary>
public sealed record LicenseRefreshRequest
{
    [JsonPropertyName("sessionId")]
    public string? SessionId { get; init; }
}
