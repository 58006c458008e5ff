using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lipsync.Licensing.Origins;

/// <summary>
/// A normalized web origin: lower-case scheme and host, default port (80 for http, 443 for https)
/// dropped, no path. Parsing is strict and ASCII-only: browsers send IDNs as punycode, and anything
/// else in an Origin header is a client bug or a trick.
/// </summary>
public readonly record struct OriginValue(string Scheme, string Host, int? Port)
{
    private static readonly SearchValues<char> Forbidden = SearchValues.Create("/?#@\\ ");

    /// <summary>Longest origin text considered.</summary>
    public const int MaxLength = 512;

    public override string ToString() => Port is { } p ? $"{Scheme}://{Host}:{p.ToString(CultureInfo.InvariantCulture)}" : $"{Scheme}://{Host}";

    /// <summary>Whether the host is a loopback, <c>*.localhost</c> or private-network address (dev mode).</summary>
    public bool IsLocal => LocalHosts.IsLocal(Host);

    public static bool TryParse(string? text, out OriginValue origin) => TryParse(text, allowWildcard: false, out origin, out _);

    internal static bool TryParse(string? text, bool allowWildcard, out OriginValue origin, out bool wildcard)
    {
        origin = default;
        wildcard = false;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !System.Text.Ascii.IsValid(text))
        {
            return false;
        }

        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        var scheme = text[..separator].ToLowerInvariant()!;
        if (!char.IsAsciiLetter(scheme[0]) || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            return false;
        }

        var authority = text[(separator + 3)..];
        if (allowWildcard && authority.EndsWith('/'))
        {
            authority = authority[..^1]; // allow-list entries are often typed with a trailing slash
        }

        if (authority.Length == 0 || authority.AsSpan().IndexOfAny(Forbidden) >= 0)
        {
            return false;
        }

        string host;
        int? port = null;
        string? portText = null;
        if (authority[0] == '[')
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = authority[..(close + 1)].ToLowerInvariant();
            if (!IPAddress.TryParse(host[1..^1], out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = "[" + v6 + "]";
            var rest = authority[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return false;
                }

                portText = rest[1..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = (colon >= 0 ? authority[..colon] : authority).ToLowerInvariant();
            portText = colon >= 0 ? authority[(colon + 1)..] : null;
            if (allowWildcard && host.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcard = true;
                host = host[2..];
            }

            if (!IsHostName(host))
            {
                return false;
            }
        }

        if (portText is not null)
        {
            if (portText.Length is 0 or > 5 || !portText.All(char.IsAsciiDigit))
            {
                return false;
            }

            var value = int.Parse(portText, CultureInfo.InvariantCulture);
            if (value is 0 or > 65535)
            {
                return false;
            }

            port = value;
        }

        if ((scheme == "http" && port == 80) || (scheme == "https" && port == 443))
        {
            port = null;
        }

        origin = new OriginValue(scheme, host, port);
        return true;
    }

    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
