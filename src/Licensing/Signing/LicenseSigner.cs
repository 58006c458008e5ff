using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lipsync.Licensing.Signing;

/// <summary>
/// Signs licenses as compact JWS (ES256, P-256) and publishes the public keys as a JWKS: the current key
/// and, during a rotation, the previous one, so licenses signed just before the switch still verify
/// until they expire. The key id is the RFC 7638 thumbprint, so rotating the key changes the
/// <c>kid</c> clients look up. Keys load on first use: a broken key setting (an unresolved Key Vault
/// reference) must not stop the host from starting and reporting it.
/// </summary>
public sealed class LicenseSigner : IDisposable
{
    private readonly Lazy<State> _state;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public LicenseSigner(ECDsa key, params IReadOnlyList<ECDsa> previous)
        : this(() => key, () => previous)
    {
        _ = _state.Value; // keys given directly are checked at once
    }

    /// <summary>Keys loaded on first use by <paramref name="current"/> and <paramref name="previous"/>.</summary>
    public LicenseSigner(Func<ECDsa> current, Func<IReadOnlyList<ECDsa>> previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        _state = new Lazy<State>(() => Build(current(), previous()));
    }

    public string KeyId => _state.Value.KeyId;

    /// <summary><c>{"keys":[{current}, {previous}...]}</c>, ready to serve.</summary>
    public byte[] JwksJson => _state.Value.JwksJson;

    public string Sign(IDictionary<string, object> claims, DateTimeOffset issuedAt, DateTimeOffset expires, string issuer) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            Issuer = issuer,
            SigningCredentials = _state.Value.Credentials,
            TokenType = "license+jwt",
        });

    public void Dispose()
    {
        if (_state.IsValueCreated)
        {
            _state.Value.Key.Dispose();
        }
    }

    private static State Build(ECDsa key, IReadOnlyList<ECDsa> previous)
    {
        if (key.KeySize != 256 || previous.Any(p => p.KeySize != 256))
        {
            throw new ArgumentException("License signing keys must be P-256 (ES256).", nameof(key));
        }

        var parameters = key.ExportParameters(false);
        var keyId = Thumbprint(parameters);
        var published = new List<(ECParameters, string)> { (parameters, keyId) };
        foreach (var old in previous)
        {
            var p = old.ExportParameters(false);
            var kid = Thumbprint(p);
            if (kid != keyId)
            {
                published.Add((p, kid));
            }
        }

        var credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256);
        return new State(key, keyId, credentials, BuildJwks(published));
    }

    private static string Thumbprint(ECParameters p)
    {
        // RFC 7638: members in lexicographic order, no whitespace.
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64UrlEncoder.Encode(p.Q.X!)}\",\"y\":\"{Base64UrlEncoder.Encode(p.Q.Y!)}\"}}";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static byte[] BuildJwks(List<(ECParameters Key, string Kid)> keys)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var (p, kid) in keys)
            {
                writer.WriteStartObject();
                writer.WriteString("kty", "EC");
                writer.WriteString("crv", "P-256");
                writer.WriteString("x", Base64UrlEncoder.Encode(p.Q.X!));
                writer.WriteString("y", Base64UrlEncoder.Encode(p.Q.Y!));
                writer.WriteString("kid", kid);
                writer.WriteString("use", "sig");
                writer.WriteString("alg", "ES256");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private sealed record State(ECDsa Key, string KeyId, SigningCredentials Credentials, byte[] JwksJson);
}
