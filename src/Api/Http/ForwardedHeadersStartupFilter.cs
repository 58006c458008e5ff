using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Lipsync.Api.Http;

/// <summary>
/// Puts ASP.NET Core's forwarded-headers middleware first in whichever host runs the handlers (a
/// startup filter reaches both LocalHost and the Functions worker's ASP.NET Core pipeline), with
/// exactly the configured proxies: the framework's loopback defaults are cleared.
/// </summary>
internal sealed class ForwardedHeadersStartupFilter(IOptions<ForwardingOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var forwarding = options.Value;
        if (forwarding.Enabled)
        {
            var middleware = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor,
                ForwardLimit = forwarding.ForwardLimit,
            };
            middleware.KnownProxies.Clear();
            middleware.KnownIPNetworks.Clear();
            foreach (var proxy in forwarding.KnownProxies)
            {
                middleware.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in forwarding.KnownNetworks)
            {
                middleware.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            app.UseForwardedHeaders(middleware);
        }

        next(app);
    };
}
