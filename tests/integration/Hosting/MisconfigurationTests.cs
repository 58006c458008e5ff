using System.Net;
using System.Text.Json;
using Lipsync.Contracts.Errors;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.IntegrationTests.License;

namespace Lipsync.IntegrationTests.Hosting;

/// <summary>
/// Deploy item 4: App Service passes an unresolved Key Vault reference through as its literal text.
/// The host must still start, say why on /api/health, and refuse every other route with an envelope:
/// not hash keys with the literal as the secret, and not fail every function on the PEM import.
/// </summary>
[Collection(EdgeTestGroup.Name)]
public sealed class MisconfigurationTests(EdgeFixture edge)
{
    private const string Reference = "@Microsoft.KeyVault(VaultName=kv-prod-abc;SecretName=license-signing-key)";

    [Fact]
    public async Task Unresolved_key_vault_references_are_named_by_health_and_every_route_answers_service_unavailable()
    {
        await using var host = await LocalHostProcess.StartAsync(edge.StorageConnectionString, new Dictionary<string, string?>
        {
            ["License__SigningKey"] = Reference,
            ["License__KeyHashSecret"] = "@Microsoft.KeyVault(VaultName=kv-prod-abc;SecretName=key-hash-secret)",
        }, misconfigured: true);

        using var health = await host.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        var body = await health.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("misconfigured", json.RootElement.GetProperty("status").GetString());
        var problems = json.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains("'License__SigningKey'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'License__KeyHashSecret'", StringComparison.Ordinal));
        Assert.DoesNotContain("kv-prod-abc", body, StringComparison.Ordinal); // names, never values

        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/v1/license/init"), (HttpMethod.Get, "/api/v1/license/jwks"), (HttpMethod.Get, "/api/v1/jobs") })
        {
            using var request = LocalHostProcess.Request(method, path, "lsk_dev_" + new string('a', 32), "http://localhost");
            using var response = await host.Client.SendAsync(request);
            var envelope = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)response.StatusCode} {envelope}");
            Assert.True(ErrorEnvelope.TryParse(System.Text.Encoding.UTF8.GetBytes(envelope), out var parsed), envelope);
            Assert.Equal(ErrorCodes.ServiceUnavailable, parsed.Code);
            Assert.Contains("License__SigningKey", parsed.Message, StringComparison.Ordinal);
            Assert.NotNull(response.Headers.RetryAfter);
        }
    }

    [Fact]
    public async Task An_azure_instance_without_a_storage_setting_starts_and_says_which_setting_is_missing()
    {
        await using var host = await LocalHostProcess.StartAsync(edge.StorageConnectionString, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = null,
            ["WEBSITE_SITE_NAME"] = "func-lipsync-abc123",
            ["License__KeyHashSecret"] = "a-resolved-secret-of-the-right-length-for-this-test",
        }, misconfigured: true);

        using var health = await host.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        var body = await health.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("AzureWebJobsStorage__accountName", body, StringComparison.Ordinal);
    }
}
