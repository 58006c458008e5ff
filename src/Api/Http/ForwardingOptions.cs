namespace Lipsync.Api.Http;

/// <summary>
/// Section <c>ForwardedHeaders</c>: which hops may tell us the client's address. Empty (the default,
/// in <c>./run</c> too) means <c>X-Forwarded-For</c> is ignored and the socket peer is the client.
/// When proxies or networks are listed, ASP.NET Core's forwarded-headers middleware takes the address
/// from the right of <c>X-Forwarded-For</c>, only while the hop it came from is listed and for at most
/// <see cref="ForwardLimit"/> entries, so an address the client wrote itself is never believed.
/// </summary>
public sealed class ForwardingOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses (e.g. <c>127.0.0.1</c> for a local reverse proxy).</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Proxy networks in CIDR form (e.g. <c>10.0.0.0/8</c> for a VNet's front end).</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>How many proxy hops to unwind (the number of trusted proxies in front of the app).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
