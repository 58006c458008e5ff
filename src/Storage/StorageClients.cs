using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Lipsync.Storage;

/// <summary>
/// Creates the three storage clients from one <see cref="StorageOptions"/>, by connection string
/// or by managed identity, with bounded retries and timeouts. Queue messages are Base64, the
/// Functions and WebJobs hosts' default encoding (a plain-text message would go straight to poison).
/// </summary>
public sealed class StorageClients
{
    private readonly StorageOptions _options;
    private readonly TokenCredential? _credential;

    public StorageClients(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if (string.IsNullOrEmpty(options.ConnectionString))
        {
            if (!options.UsesIdentity)
            {
                throw new InvalidOperationException(
                    $"Storage is not configured: set '{StorageNames.ConnectionSetting}' to a connection string or '{StorageNames.ConnectionSetting}__accountName' for managed identity.");
            }

            _credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
        }

        Tables = CreateTables();
        Blobs = CreateBlobs();
        Queues = CreateQueues();
    }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>
    /// Reads <see cref="StorageOptions"/> from configuration the way the Functions host does: a
    /// connection string, or the identity-based settings (<c>__accountName</c> and/or
    /// <c>__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>, <c>__clientId</c>).
    /// With nothing set, the local emulator; but never on an App Service or Functions instance
    /// (<c>WEBSITE_SITE_NAME</c> is set there), where that would hide a missing setting behind
    /// connection failures: it refuses to start with the setting's name instead.
    /// </summary>
    public static StorageOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new StorageOptions();
        configuration.GetSection("Storage").Bind(options);
        var section = configuration.GetSection(StorageNames.ConnectionSetting);
        options.ConnectionString ??= section.Value;
        options.AccountName ??= section["accountName"];
        options.ClientId ??= section["clientId"];
        options.BlobServiceUri ??= AbsoluteUri(section, "blobServiceUri");
        options.QueueServiceUri ??= AbsoluteUri(section, "queueServiceUri");
        options.TableServiceUri ??= AbsoluteUri(section, "tableServiceUri");
        if (string.IsNullOrEmpty(options.ConnectionString) && !options.UsesIdentity)
        {
            if (!string.IsNullOrEmpty(configuration["WEBSITE_SITE_NAME"]))
            {
                // On Azure: never the emulator, never a guessed account. Endpoints that cannot resolve, and the reason.
                options.Problem = $"'{StorageNames.ConnectionSetting}__accountName' is not set (nor a connection string or the __blobServiceUri/__queueServiceUri/__tableServiceUri settings): "
                    + "on Azure the app does not fall back to the local storage emulator. Set it to the storage account's name (infra/bicep does).";
                options.BlobServiceUri = options.QueueServiceUri = options.TableServiceUri = new Uri("https://storage-not-configured.invalid/");
                return options;
            }

            options.ConnectionString = StorageOptions.DevelopmentConnectionString;
        }

        return options;
    }

    private static Uri? AbsoluteUri(IConfigurationSection section, string key) =>
        section[key] is not { Length: > 0 } value ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri
        : throw new InvalidOperationException($"'{StorageNames.ConnectionSetting}__{key}' must be an absolute https URI, not '{value}'.");

    private void Configure(ClientOptions options)
    {
        options.Retry.MaxRetries = _options.MaxRetries;
        options.Retry.NetworkTimeout = _options.NetworkTimeout;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.Mode = RetryMode.Exponential;
    }

    private TableServiceClient CreateTables()
    {
        var options = new TableClientOptions();
        Configure(options);
        return _credential is null
            ? new TableServiceClient(_options.ConnectionString, options)
            : new TableServiceClient(_options.ServiceUri("table"), _credential, options);
    }

    private BlobServiceClient CreateBlobs()
    {
        var options = _options.ServiceVersion is { } v ? new BlobClientOptions(ParseVersion<BlobClientOptions.ServiceVersion>(v)) : new BlobClientOptions();
        Configure(options);
        return _credential is null
            ? new BlobServiceClient(_options.ConnectionString, options)
            : new BlobServiceClient(_options.ServiceUri("blob"), _credential, options);
    }

    private QueueServiceClient CreateQueues()
    {
        var options = _options.ServiceVersion is { } v ? new QueueClientOptions(ParseVersion<QueueClientOptions.ServiceVersion>(v)) : new QueueClientOptions();
        options.MessageEncoding = QueueMessageEncoding.Base64;
        Configure(options);
        return _credential is null
            ? new QueueServiceClient(_options.ConnectionString, options)
            : new QueueServiceClient(_options.ServiceUri("queue"), _credential, options);
    }

    // "2026-06-06" -> ServiceVersion.V2026_06_06
    private static T ParseVersion<T>(string version) where T : struct, Enum =>
        Enum.TryParse<T>("V" + version.Replace('-', '_'), out var parsed)
            ? parsed
            : throw new InvalidOperationException($"Storage service version '{version}' is not known to this SDK build.");
}
