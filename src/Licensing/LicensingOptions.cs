namespace Lipsync.Licensing;

/// <summary>Settings of the license edge, section <c>License</c> (e.g. <c>License__SessionTtl</c>).</summary>
public sealed class LicensingOptions
{
    public const string SectionName = "License";

    /// <summary>
    /// Development default for <see cref="KeyHashSecret"/>, used only against the local emulator so a key made by
    /// <c>lipsync keys create</c> works against <c>./run</c> with no flags. Never used with a real storage account.
    /// </summary>
    public const string DevelopmentKeyHashSecret = "lipsync-local-development-key-hash-secret-not-for-production";

    /// <summary>Server secret of the keyed hash (HMAC-SHA256) that keys are stored as. Required in Azure.</summary>
    public string? KeyHashSecret { get; set; }

    /// <summary>Sessions live this long after the last init or refresh.</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Clients are asked to refresh after this long.</summary>
    public TimeSpan RefreshAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Development keys expire this long after creation.</summary>
    public TimeSpan DevKeyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>PEM (PKCS#8) of the ES256 license signing key; in Azure a Key Vault reference.</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// During a key rotation, the key used before <see cref="SigningKey"/> (PEM, private or public): still
    /// published in the JWKS so licenses it signed verify until they expire. Remove it after
    /// <see cref="SessionTtl"/> plus the JWKS cache time (5 minutes) have passed.
    /// </summary>
    public string? PreviousSigningKey { get; set; }

    /// <summary>Where a local run generates and keeps its signing key when <see cref="SigningKey"/> is not set.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary><c>iss</c> of issued licenses.</summary>
    public string Issuer { get; set; } = "lipsync";

    /// <summary>Key/account records are used without a storage read for this long.</summary>
    public TimeSpan CacheFreshFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Older records are still served while one background reload runs, up to this age: the bound on
    /// how long an admin change (a disabled key, a removed origin) can go unnoticed. At most 60 s.
    /// </summary>
    public TimeSpan CacheMaxStale { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Unknown keys are remembered as unknown for this long (keys made later become usable after it).</summary>
    public TimeSpan NegativeCacheFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound on one verification's storage work; past it the caller gets <c>service_unavailable</c>.</summary>
    public TimeSpan StorageTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failed verifications allowed per client address per <see cref="RateLimitWindow"/>.</summary>
    public int FailuresPerAddress { get; set; } = 100;

    /// <summary>Failed verifications allowed per presented key per <see cref="RateLimitWindow"/>.</summary>
    public int FailuresPerKey { get; set; } = 30;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(60);
}
