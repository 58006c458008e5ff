using System.Security.Cryptography;
using System.Text.Json;
using Lipsync.Licensing.Signing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lipsync.UnitTests.Licensing;

public sealed class LicenseSignerTests
{
    [Fact]
    public async Task Licenses_verify_against_the_published_jwks_and_carry_the_claims()
    {
        using var signer = new LicenseSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var now = DateTimeOffset.UtcNow;
        var token = signer.Sign(new Dictionary<string, object> { ["sid"] = "ses_1", ["epoch"] = 3L }, now, now.AddMinutes(5), "lipsync");

        var jwks = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(signer.JwksJson));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = "lipsync",
            ValidateAudience = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal(signer.KeyId, jwt.Kid);
        Assert.Equal("ses_1", jwt.GetClaim("sid").Value);
        Assert.Equal("3", jwt.GetClaim("epoch").Value);
    }

    [Fact]
    public async Task A_license_from_another_key_does_not_verify()
    {
        using var signer = new LicenseSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        using var other = new LicenseSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var token = other.Sign(new Dictionary<string, object> { ["sid"] = "x" }, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(1), "lipsync");
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(signer.JwksJson)).GetSigningKeys(),
            ValidIssuer = "lipsync",
            ValidateAudience = false,
        });
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Jwks_holds_only_the_public_part()
    {
        using var signer = new LicenseSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        using var doc = JsonDocument.Parse(signer.JwksJson);
        var key = doc.RootElement.GetProperty("keys")[0];
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.False(key.TryGetProperty("d", out _));
    }

    [Fact]
    public void Refuses_keys_that_are_not_p256() =>
        Assert.Throws<ArgumentException>(() => new LicenseSigner(ECDsa.Create(ECCurve.NamedCurves.nistP384)));

    [Fact]
    public async Task During_a_rotation_licenses_signed_by_the_previous_key_still_verify_against_the_jwks()
    {
        using var oldKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var before = new LicenseSigner(oldKey);
        var issued = before.Sign(new Dictionary<string, object> { ["sid"] = "ses_old" }, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5), "lipsync");

        // The new key signs from now on; the old one's public part stays published until its licenses expire.
        using var previousPublic = ECDsa.Create();
        previousPublic.ImportFromPem(oldKey.ExportSubjectPublicKeyInfoPem());
        using var after = new LicenseSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256), previousPublic);
        using var doc = JsonDocument.Parse(after.JwksJson);
        var kids = doc.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();

        Assert.Equal([after.KeyId, before.KeyId], kids);
        var keys = new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(after.JwksJson)).GetSigningKeys();
        foreach (var token in new[] { issued, after.Sign(new Dictionary<string, object> { ["sid"] = "ses_new" }, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5), "lipsync") })
        {
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters { IssuerSigningKeys = keys, ValidIssuer = "lipsync", ValidateAudience = false });
            Assert.True(result.IsValid, result.Exception?.Message);
        }
    }

    [Fact]
    public void Keys_from_settings_load_on_first_use_so_a_broken_setting_cannot_stop_the_host()
    {
        var loads = 0;
        using var signer = new LicenseSigner(() =>
        {
            loads++;
            var key = ECDsa.Create();
            key.ImportFromPem("@Microsoft.KeyVault(VaultName=kv;SecretName=license-signing-key)");
            return key;
        }, () => []);

        Assert.Equal(0, loads);
        Assert.ThrowsAny<ArgumentException>(() => signer.JwksJson);
        Assert.Equal(1, loads);
    }
}
