namespace Lipsync.Licensing.Origins;

/// <summary>
/// An allow-list entry: a full origin (<c>https://app.example.com</c>, port significant) or a one-level
/// wildcard (<c>https://*.example.com</c> matches <c>https://a.example.com</c>, not <c>https://example.com</c>
/// nor <c>https://a.b.example.com</c>). Matching is on normalized origins.
/// </summary>
public sealed record OriginPattern(OriginValue Origin, bool IsWildcard)
{
    public static bool TryParse(string? text, out OriginPattern? pattern)
    {
        pattern = null;
        if (!OriginValue.TryParse(text?.Trim(), allowWildcard: true, out var origin, out var wildcard))
        {
            return false;
        }

        // A wildcard over a bare TLD ("https://*.com") or an IP would allow-list far too much.
        if (wildcard && (!origin.Host.Contains('.', StringComparison.Ordinal) || origin.Host.All(c => char.IsAsciiDigit(c) || c == '.')))
        {
            return false;
        }

        pattern = new OriginPattern(origin, wildcard);
        return true;
    }

    public bool Matches(OriginValue candidate)
    {
        if (candidate.Scheme != Origin.Scheme || candidate.Port != Origin.Port)
        {
            return false;
        }

        if (!IsWildcard)
        {
            return candidate.Host == Origin.Host;
        }

        var host = candidate.Host;
        var suffixStart = host.Length - Origin.Host.Length - 1;
        return suffixStart > 0
            && host[suffixStart] == '.'
            && host.EndsWith(Origin.Host, StringComparison.Ordinal)
            && host.IndexOf('.', StringComparison.Ordinal) == suffixStart;
    }

    /// <summary>The canonical text stored in the allow-list.</summary>
    public override string ToString() =>
        IsWildcard ? Origin.ToString().Replace("://", "://*.", StringComparison.Ordinal) : Origin.ToString();
}
