using Lipsync.Api.Health;
using Lipsync.Storage;
using Microsoft.Extensions.Configuration;

namespace Lipsync.UnitTests.Api;

public sealed class ConfigurationCheckTests
{
    [Fact]
    public void Resolved_settings_are_healthy()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var check = Check(("License:KeyHashSecret", "a-real-secret"), ("License:SigningKey", key.ExportPkcs8PrivateKeyPem()));

        Assert.True(check.IsHealthy);
        Assert.Empty(check.Problems);
    }

    [Fact]
    public void Every_unresolved_key_vault_reference_is_named_as_its_app_setting_never_by_value()
    {
        var check = Check(
            ("License:KeyHashSecret", "@Microsoft.KeyVault(VaultName=kv-x;SecretName=key-hash-secret)"),
            ("License:SigningKey", " @microsoft.keyvault(SecretUri=https://kv-x.vault.azure.net/secrets/s/)"),
            ("Other", "fine"));

        Assert.False(check.IsHealthy);
        Assert.Equal(2, check.Problems.Count);
        Assert.Contains("'License__KeyHashSecret'", check.Problems[0], StringComparison.Ordinal);
        Assert.Contains("'License__SigningKey'", check.Problems[1], StringComparison.Ordinal);
        Assert.DoesNotContain("kv-x", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_problem_is_reported_with_the_rest()
    {
        var check = new ConfigurationCheck(new ConfigurationBuilder().Build(), new StorageOptions { Problem = "'AzureWebJobsStorage__accountName' is not set" });

        Assert.Equal(["'AzureWebJobsStorage__accountName' is not set"], check.Problems);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----", "not a PEM private key")]
    [InlineData("just text", "not a PEM private key")]
    public void A_signing_key_that_cannot_sign_is_a_problem_outside_the_emulator(string pem, string named)
    {
        var check = new ConfigurationCheck(
            new ConfigurationBuilder().AddInMemoryCollection([new("License:SigningKey", pem)]).Build(),
            new StorageOptions { AccountName = "acct" });

        Assert.Contains(named, Assert.Single(check.Problems), StringComparison.Ordinal);
        Assert.DoesNotContain("not base64", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_cannot_sign()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var check = new ConfigurationCheck(
            new ConfigurationBuilder().AddInMemoryCollection([new("License:SigningKey", key.ExportSubjectPublicKeyInfoPem())]).Build(),
            new StorageOptions { AccountName = "acct" });

        Assert.Contains("private key", Assert.Single(check.Problems), StringComparison.Ordinal);
    }

    private static ConfigurationCheck Check(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(), new StorageOptions());
}
