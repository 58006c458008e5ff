using System.Net;
using Lipsync.Api.Admission;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Lipsync.Api.Http;

/// <summary>
/// What runs in front of the handlers in whichever host binds them (a startup filter reaches both
/// LocalHost and the Functions worker's ASP.NET Core pipeline): admission control
/// (<see cref="AdmissionMiddleware"/>), ASP.NET Core's forwarded-headers
/// middleware with exactly the configured proxies (the framework's loopback defaults cleared), and
/// status-code pages that give every bare error status the framework itself produces (routing's
/// 404 and 405, a rejected body) a JSON envelope.
/// </summary>
internal sealed class ApiStartupFilter(IOptions<ForwardingOptions> options, AdmissionMiddleware admission) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // First: a refusal under overload must cost as little as possible.
        app.Use(admission.InvokeAsync);
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

        app.UseStatusCodePages(context => BareStatusEnvelope.WriteAsync(context.HttpContext));
        next(app);
    };
}
