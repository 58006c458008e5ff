using System.Security.Cryptography;

namespace Lipsync.Licensing.Keys;

/// <summary>
/// Key text: <c>lsk_{type}_</c> + 32 base62 characters (≈190 bits from the OS CSPRNG).
/// The prefix says the type so a misuse can be named without a storage read.
/// </summary>
public static class ApiKeyFormat
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int RandomLength = 32;
    private const int PrefixLength = 8; // "lsk_dev_"

    /// <summary>Longest text worth hashing; anything longer is not a key.</summary>
    public const int MaxLength = 128;

    public static string Generate(ApiKeyType type) =>
        $"lsk_{type.WireName()}_" + new string(RandomNumberGenerator.GetItems<char>(Alphabet, RandomLength));

    /// <summary>Reads the type from a presented key; false for anything not shaped like one of our keys.</summary>
    public static bool TryGetType(ReadOnlySpan<char> key, out ApiKeyType type)
    {
        type = default;
        if (key.Length != PrefixLength + RandomLength || !key.StartsWith("lsk_", StringComparison.Ordinal) || key[7] != '_')
        {
            return false;
        }

        var typeText = key.Slice(4, 3);
        if (typeText.SequenceEqual("dev"))
        {
            type = ApiKeyType.Dev;
        }
        else if (typeText.SequenceEqual("pub"))
        {
            type = ApiKeyType.Pub;
        }
        else if (typeText.SequenceEqual("sec"))
        {
            type = ApiKeyType.Sec;
        }
        else
        {
            return false;
        }

        foreach (var c in key[PrefixLength..])
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
