namespace Lipsync.Storage;

/// <summary>
/// How clients reach storage. Bound from the <c>AzureWebJobsStorage</c> setting the Functions host uses:
/// either a connection string (<c>UseDevelopmentStorage=true</c> locally) or, in Azure, the
/// identity-based form <c>AzureWebJobsStorage__accountName</c> (+ optional <c>__clientId</c>).
/// </summary>
public sealed class StorageOptions
{
    /// <summary>Connection string; null when the identity-based settings are used.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Account name for managed-identity access.</summary>
    public string? AccountName { get; set; }

    /// <summary>Client id of a user-assigned managed identity (optional).</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// Service endpoints of the identity-based form (<c>AzureWebJobsStorage__blobServiceUri</c>,
    /// <c>__queueServiceUri</c>, <c>__tableServiceUri</c>); each overrides the endpoint made from
    /// <see cref="AccountName"/> (sovereign clouds, private endpoints).
    /// </summary>
    public Uri? BlobServiceUri { get; set; }

    /// <inheritdoc cref="BlobServiceUri"/>
    public Uri? QueueServiceUri { get; set; }

    /// <inheritdoc cref="BlobServiceUri"/>
    public Uri? TableServiceUri { get; set; }

    /// <summary>True when the identity-based form is configured (an account name or any service URI).</summary>
    public bool UsesIdentity =>
        string.IsNullOrEmpty(ConnectionString) && (!string.IsNullOrEmpty(AccountName) || BlobServiceUri is not null || QueueServiceUri is not null || TableServiceUri is not null);

    /// <summary>The endpoint of one service ("blob", "queue", "table") in the identity-based form.</summary>
    public Uri ServiceUri(string service) => service switch
    {
        "blob" when BlobServiceUri is not null => BlobServiceUri,
        "queue" when QueueServiceUri is not null => QueueServiceUri,
        "table" when TableServiceUri is not null => TableServiceUri,
        _ when !string.IsNullOrEmpty(AccountName) => new Uri($"https://{AccountName}.{service}.core.windows.net"),
        _ => throw new InvalidOperationException(
            $"Storage is not configured for the {service} service: set '{StorageNames.ConnectionSetting}__accountName' or '{StorageNames.ConnectionSetting}__{service}ServiceUri'."),
    };

    /// <summary>
    /// Service version pinned for blob and queue clients (e.g. <c>2026-06-06</c> for Azurite 3.37);
    /// null uses the SDK default.
    /// </summary>
    public string? ServiceVersion { get; set; }

    /// <summary>Per-attempt network timeout; storage calls on the hot path must never hang.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries per storage call (exponential backoff, Azure SDK policy).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// True for the local emulator (Azurite): the only place development defaults (a shared key-hash
    /// secret, a generated signing key) are allowed.
    /// </summary>
    public bool IsDevelopmentStorage =>
        ConnectionString is { } c && (c.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || c.Contains("devstoreaccount1", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Why storage cannot be used as configured (on Azure with no storage setting at all), else null. The
    /// service endpoints then point at an unresolvable host, never at the emulator or a guessed account;
    /// the API reports the problem on every route (<c>/api/health</c> included) instead of failing to start.
    /// </summary>
    public string? Problem { get; set; }

    /// <summary>Connection string used when nothing is configured: the local emulator.</summary>
    public const string DevelopmentConnectionString = "UseDevelopmentStorage=true";
}
