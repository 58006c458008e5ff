namespace Lipsync.Client.Licensing;

/// <summary>What an init sends, and how patient the refresh loop is.</summary>
public sealed class LicenseSessionOptions
{
    /// <summary>A stable id of the end user (hashed server-side for monthly active users).</summary>
    public string? UserId { get; set; }

    public string? FingerprintHash { get; set; }

    /// <summary>Consecutive failed refreshes after which the session is refused for good (the product's "burst").</summary>
    public int MaxConsecutiveRefreshFailures { get; set; } = 4;

    /// <summary>First delay after a failed refresh; doubles per failure, jittered, never past the license's expiry.</summary>
    public TimeSpan RefreshRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
