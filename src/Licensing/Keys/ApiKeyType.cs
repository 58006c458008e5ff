namespace Lipsync.Licensing.Keys;

/// <summary>Key types, their wire names and prefixes (<c>lsk_dev_</c>, <c>lsk_pub_</c>, <c>lsk_sec_</c>).</summary>
public enum ApiKeyType
{
    /// <summary>Development: both surfaces, local origins only, expires 30 days after creation.</summary>
    Dev,

    /// <summary>Publishable: runtime surface only, from allow-listed public origins.</summary>
    Pub,

    /// <summary>Secret: batch surface only, server-side.</summary>
    Sec,
}

public static class ApiKeyTypes
{
    public static string WireName(this ApiKeyType type) => type switch
    {
        ApiKeyType.Dev => "dev",
        ApiKeyType.Pub => "pub",
        _ => "sec",
    };

    public static bool TryParse(string? text, out ApiKeyType type)
    {
        switch (text?.ToUpperInvariant())
        {
            case "DEV": type = ApiKeyType.Dev; return true;
            case "PUB": type = ApiKeyType.Pub; return true;
            case "SEC": type = ApiKeyType.Sec; return true;
            default: type = default; return false;
        }
    }
}
