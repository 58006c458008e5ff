using Azure.Identity;
using Lipsync.Api.Telemetry;
using Microsoft.Extensions.Configuration;

namespace Lipsync.UnitTests.Api;

/// <summary>The OpenTelemetry exporter's credential follows the setting infra/bicep writes.</summary>
public sealed class MonitorCredentialTests
{
    private static IConfiguration Settings(string? authentication) => new ConfigurationBuilder()
        .AddInMemoryCollection(authentication is null ? [] : [new(MonitorCredential.Setting, authentication)])
        .Build();

    [Theory]
    [InlineData("ClientId=0d6c3f0e-0000-4000-8000-000000000001;Authorization=AAD")]
    [InlineData(" authorization = aad ; clientid = 0d6c3f0e-0000-4000-8000-000000000001 ")]
    [InlineData("Authorization=AAD")]
    public void Entra_id_authentication_gives_the_managed_identity(string setting) =>
        Assert.IsType<ManagedIdentityCredential>(MonitorCredential.From(Settings(setting)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ClientId=0d6c3f0e-0000-4000-8000-000000000001")]
    [InlineData("Authorization=Key")]
    public void Without_entra_id_authentication_the_exporter_keeps_its_default(string? setting) =>
        Assert.Null(MonitorCredential.From(Settings(setting)));
}
