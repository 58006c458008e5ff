using System.Net;
using System.Net.Sockets;

namespace Lipsync.Licensing.Origins;

/// <summary>
/// What counts as local (dev mode): <c>localhost</c>, <c>*.localhost</c>, 0.0.0.0, 127.0.0.0/8, the
/// private IPv4 ranges (10/8, 172.16/12, 192.168/16), link-local 169.254/16, and IPv6 <c>::1</c>,
/// <c>::</c>, unique-local fc00::/7 and link-local fe80::/10.
/// </summary>
public static class LocalHosts
{
    public static bool IsLocal(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return true;
        }

        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (!IPAddress.TryParse(literal, out var address) || (address.AddressFamily == AddressFamily.InterNetwork && literal.Count(c => c == '.') != 3))
        {
            return false; // a name, or a shorthand like "127.1" that browsers normalise before sending
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 127 || b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || address.Equals(IPAddress.Any);
        }

        var v6 = address.GetAddressBytes();
        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any)
            || (v6[0] & 0xFE) == 0xFC || address.IsIPv6LinkLocal;
    }
}
