using Lipsync.Storage;
using Microsoft.Extensions.Configuration;

namespace Lipsync.UnitTests.Storage;

/// <summary>How the <c>AzureWebJobsStorage</c> settings become storage clients (no network: clients are only built).</summary>
public sealed class StorageOptionsTests
{
    private static StorageOptions Read(params (string Key, string Value)[] settings) =>
        StorageClients.ReadOptions(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Nothing_set_on_a_developer_machine_means_the_local_emulator()
    {
        var options = Read();

        Assert.True(options.IsDevelopmentStorage);
        Assert.False(options.UsesIdentity);
    }

    [Fact]
    public void Nothing_set_on_an_azure_instance_names_the_setting_and_never_falls_back_to_the_emulator()
    {
        var options = Read(("WEBSITE_SITE_NAME", "func-prod-abc"));
        var clients = new StorageClients(options);

        Assert.Contains("AzureWebJobsStorage__accountName", options.Problem, StringComparison.Ordinal);
        Assert.False(options.IsDevelopmentStorage);
        Assert.All(new[] { clients.Blobs.Uri, clients.Queues.Uri, clients.Tables.Uri }, uri => Assert.EndsWith(".invalid", uri.Host, StringComparison.Ordinal));
    }

    [Fact]
    public void Service_uri_settings_alone_are_an_identity_connection()
    {
        var options = Read(
            ("AzureWebJobsStorage:blobServiceUri", "https://acct.blob.core.usgovcloudapi.net"),
            ("AzureWebJobsStorage:queueServiceUri", "https://acct.queue.core.usgovcloudapi.net"),
            ("AzureWebJobsStorage:tableServiceUri", "https://acct.table.core.usgovcloudapi.net"),
            ("WEBSITE_SITE_NAME", "func-prod-abc"));
        var clients = new StorageClients(options);

        Assert.True(options.UsesIdentity);
        Assert.Equal("acct.blob.core.usgovcloudapi.net", clients.Blobs.Uri.Host);
        Assert.Equal("acct.queue.core.usgovcloudapi.net", clients.Queues.Uri.Host);
        Assert.Equal("acct.table.core.usgovcloudapi.net", clients.Tables.Uri.Host);
    }

    [Fact]
    public void A_service_uri_overrides_the_endpoint_made_from_the_account_name()
    {
        var clients = new StorageClients(Read(
            ("AzureWebJobsStorage:accountName", "acct"),
            ("AzureWebJobsStorage:tableServiceUri", "https://tables.privatelink.example")));

        Assert.Equal("acct.blob.core.windows.net", clients.Blobs.Uri.Host);
        Assert.Equal("tables.privatelink.example", clients.Tables.Uri.Host);
    }

    [Fact]
    public void A_service_uri_that_is_not_absolute_https_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("AzureWebJobsStorage:blobServiceUri", "http://acct.blob.core.windows.net")));

        Assert.Contains("AzureWebJobsStorage__blobServiceUri", error.Message, StringComparison.Ordinal);
    }
}
