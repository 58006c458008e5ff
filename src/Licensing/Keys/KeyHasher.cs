using System.Security.Cryptography;
using System.Text;

namespace Lipsync.Licensing.Keys;

/// <summary>
/// Keys are stored only as HMAC-SHA256(secret, key), hex. The hash is also the lookup key, so a
/// verification is one point read; <see cref="Matches"/> compares in constant time.
/// </summary>
public sealed class KeyHasher
{
    private readonly byte[] _secret;

    public KeyHasher(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _secret = Encoding.UTF8.GetBytes(secret);
    }

    public string Hash(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = stackalloc byte[ApiKeyFormat.MaxLength * 3];
        var length = Encoding.UTF8.GetBytes(key[..Math.Min(key.Length, ApiKeyFormat.MaxLength)], utf8);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, utf8[..length], mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time comparison of two stored hashes.</summary>
    public static bool Matches(string expectedHash, string actualHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedHash), Encoding.ASCII.GetBytes(actualHash));

    /// <summary>Public, non-secret id of a key: derived from its hash so it needs no index.</summary>
    public static string KeyIdOf(string hash) => "key_" + hash[..20];

    /// <summary>Table partition of a key row: the first two hash characters, 256 partitions spread evenly.</summary>
    public static string PartitionOf(string hash) => hash[..2];
}
