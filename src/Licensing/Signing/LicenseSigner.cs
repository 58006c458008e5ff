using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lipsync.Licensing.Signing;

/// <summary>
/// Signs licenses as compact JWS (ES256, P-256) and publishes the public key as a JWKS. The key id
/// is the RFC 7638 thumbprint, so rotating the key changes the <c>kid</c> clients look up.
/// </summary>
public sealed class LicenseSigner : IDisposable
{
    private readonly ECDsa _key;
    private readonly SigningCredentials _credentials;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public LicenseSigner(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("License signing keys must be P-256 (ES256).", nameof(key));
        }

        _key = key;
        var parameters = key.ExportParameters(false);
        KeyId = Thumbprint(parameters);
        var securityKey = new ECDsaSecurityKey(key) { KeyId = KeyId };
        _credentials = new SigningCredentials(securityKey, SecurityAlgorithms.EcdsaSha256);
        JwksJson = BuildJwks(parameters, KeyId);
    }

    public string KeyId { get; }

    /// <summary><c>{"keys":[{...}]}</c>, ready to serve.</summary>
    public byte[] JwksJson { get; }

    public string Sign(IDictionary<string, object> claims, DateTimeOffset issuedAt, DateTimeOffset expires, string issuer) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            Issuer = issuer,
            SigningCredentials = _credentials,
            TokenType = "license+jwt",
        });

    public void Dispose() => _key.Dispose();

    private static string Thumbprint(ECParameters p)
    {
        // RFC 7638: members in lexicographic order, no whitespace.
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64UrlEncoder.Encode(p.Q.X!)}\",\"y\":\"{Base64UrlEncoder.Encode(p.Q.Y!)}\"}}";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static byte[] BuildJwks(ECParameters p, string kid)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            writer.WriteStartObject();
            writer.WriteString("kty", "EC");
            writer.WriteString("crv", "P-256");
            writer.WriteString("x", Base64UrlEncoder.Encode(p.Q.X!));
            writer.WriteString("y", Base64UrlEncoder.Encode(p.Q.Y!));
            writer.WriteString("kid", kid);
            writer.WriteString("use", "sig");
            writer.WriteString("alg", "ES256");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
