using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.License;

/// <summary>
/// Azurite + LocalHost as real processes, with accounts and keys made by the real CLI. Short cache and
/// session windows so lapses and admin changes show within seconds; the tests act as a configured
/// proxy on 127.0.0.1, so the last X-Forwarded-For entry gives each rate-limit test its own address.
/// </summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    public static readonly TimeSpan SessionTtl = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan CacheMaxStale = TimeSpan.FromSeconds(1);

    private Azurite? _azurite;
    private LocalHostProcess? _host;

    internal LocalHostProcess Host => _host!;

    internal LipsyncCli Cli { get; private set; } = null!;

    internal string StorageConnectionString => _azurite!.ConnectionString;

    public string DevKey { get; private set; } = "";
    public string PubKey { get; private set; } = "";
    public string SecKey { get; private set; } = "";
    public string EmptyAllowListPubKey { get; private set; } = "";
    public string CanceledDevKey { get; private set; } = "";
    public string TrialingDevKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        Cli = new LipsyncCli(_azurite.ConnectionString);
        await Cli.JsonAsync("accounts", "create", "--account", "acme");
        await Task.WhenAll(
            Cli.JsonAsync("origins", "add", "--account", "acme", "https://app.example.com"),
            Cli.JsonAsync("accounts", "create", "--account", "empty"),
            Cli.JsonAsync("accounts", "create", "--account", "gone", "--status", "canceled"),
            Cli.JsonAsync("accounts", "create", "--account", "trial", "--status", "trialing"));
        await Cli.JsonAsync("origins", "add", "--account", "acme", "https://*.example.org");

        var keys = await Task.WhenAll(
            Cli.CreateKeyAsync("acme", "dev"),
            Cli.CreateKeyAsync("acme", "pub"),
            Cli.CreateKeyAsync("acme", "sec"),
            Cli.CreateKeyAsync("empty", "pub"),
            Cli.CreateKeyAsync("gone", "dev"),
            Cli.CreateKeyAsync("trial", "dev"));
        (DevKey, PubKey, SecKey, EmptyAllowListPubKey, CanceledDevKey, TrialingDevKey) = (keys[0], keys[1], keys[2], keys[3], keys[4], keys[5]);

        _host = await LocalHostProcess.StartAsync(_azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["License__SessionTtl"] = SessionTtl.ToString(),
            ["License__RefreshAfter"] = "00:00:01",
            ["License__CacheFreshFor"] = "00:00:00.5",
            ["License__CacheMaxStale"] = CacheMaxStale.ToString(),
            ["License__NegativeCacheFor"] = "00:00:00.5",
            ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1", // the tests are the proxy: their X-Forwarded-For is believed
            ["License__FailuresPerAddress"] = "20",
            ["License__FailuresPerKey"] = "10",
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EdgeTestGroup : ICollectionFixture<EdgeFixture>
{
    public const string Name = "license edge";
}
