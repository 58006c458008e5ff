using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Lipsync.Licensing.Keys;
using Microsoft.IdentityModel.Tokens;

namespace Lipsync.Licensing.Sessions;

/// <summary>
/// Session ids that are their own record: the session's fields, sealed with HMAC-SHA256 under a key
/// derived from <c>License:KeyHashSecret</c>, so a refresh needs no storage round trip (and nothing
/// grows per page load). Layout, base64url after <c>ses_</c>: version, session id (16 random bytes),
/// created and expiry (Unix ms), epoch, key type, then key id, account and origin (UTF-8, each after its
/// length: two bytes big-endian in version 2, one byte in version 1, which is still read so sessions
/// live across a deployment), then the first 16 bytes of the MAC over all of it. Whoever holds a token can do with it only
/// what its key can already do (init a new session), so tokens are not secret; they cannot be forged
/// or altered without the server's key.
/// </summary>
public sealed class SessionTokens
{
    public const string Prefix = "ses_";

    /// <summary>Longest accepted token (the longest origin the edge accepts, 512 characters, fits).</summary>
    public const int MaxLength = 2048;

    /// <summary>Longest key id, account or origin a token carries, in UTF-8 bytes.</summary>
    public const int MaxFieldBytes = 1024;

    private const byte Version = 2;
    private const byte Version1 = 1;
    private const int MacLength = 16;
    private readonly byte[] _key;

    public SessionTokens(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), "lipsync session token v1"u8);
    }

    /// <summary>A new session id (stable across the session's refreshes, carried in the license's <c>sid</c> claim).</summary>
    public static string NewSessionId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    public string Seal(LicenseSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sid = Base64UrlEncoder.DecodeBytes(session.SessionId);
        using var buffer = new MemoryStream(256);
        buffer.WriteByte(Version);
        buffer.Write(sid);
        Span<byte> number = stackalloc byte[8];
        foreach (var value in new[] { session.CreatedAt.ToUnixTimeMilliseconds(), session.ExpiresAt.ToUnixTimeMilliseconds(), session.Epoch })
        {
            BinaryPrimitives.WriteInt64BigEndian(number, value);
            buffer.Write(number);
        }

        buffer.WriteByte((byte)session.KeyType);
        foreach (var text in new[] { session.KeyId, session.AccountId, session.Origin ?? "" })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (bytes.Length > MaxFieldBytes)
            {
                throw new ArgumentException($"Session fields are at most {MaxFieldBytes} bytes.", nameof(session));
            }

            BinaryPrimitives.WriteUInt16BigEndian(number, (ushort)bytes.Length);
            buffer.Write(number[..2]);
            buffer.Write(bytes);
        }

        buffer.Write(HMACSHA256.HashData(_key, buffer.ToArray()).AsSpan(0, MacLength));
        return Prefix + Base64UrlEncoder.Encode(buffer.ToArray());
    }

    /// <summary>The session a token was sealed with; false for anything not sealed by this server's key.</summary>
    public bool TryOpen(string? token, out LicenseSession? session)
    {
        session = null;
        if (token is null || token.Length > MaxLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64UrlEncoder.DecodeBytes(token[Prefix.Length..]);
        }
        catch (FormatException)
        {
            return false;
        }

        const int fixedLength = 1 + 16 + (3 * 8) + 1;
        if (bytes.Length < fixedLength + 3 + MacLength)
        {
            return false;
        }

        var body = bytes.AsSpan(0, bytes.Length - MacLength);
        var mac = HMACSHA256.HashData(_key, body);
        if (!CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, MacLength), bytes.AsSpan(body.Length)) || body[0] is not (Version or Version1))
        {
            return false;
        }

        var lengthBytes = body[0] == Version ? 2 : 1;

        var at = 1 + 16;
        var created = BinaryPrimitives.ReadInt64BigEndian(body[at..]);
        var expires = BinaryPrimitives.ReadInt64BigEndian(body[(at + 8)..]);
        var epoch = BinaryPrimitives.ReadInt64BigEndian(body[(at + 16)..]);
        var type = (ApiKeyType)body[at + 24];
        at = fixedLength;
        var texts = new string[3];
        for (var i = 0; i < texts.Length; i++)
        {
            if (at + lengthBytes > body.Length)
            {
                return false;
            }

            var length = lengthBytes == 2 ? BinaryPrimitives.ReadUInt16BigEndian(body[at..]) : body[at];
            if (at + lengthBytes + length > body.Length)
            {
                return false;
            }

            texts[i] = Encoding.UTF8.GetString(body.Slice(at + lengthBytes, length));
            at += lengthBytes + length;
        }

        if (at != body.Length || !Enum.IsDefined(type))
        {
            return false;
        }

        session = new LicenseSession(
            Base64UrlEncoder.Encode(body.Slice(1, 16).ToArray()),
            texts[0],
            texts[1],
            type,
            texts[2].Length == 0 ? null : texts[2],
            epoch,
            DateTimeOffset.FromUnixTimeMilliseconds(created),
            DateTimeOffset.FromUnixTimeMilliseconds(expires));
        return true;
    }
}
