using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.Http;

/// <summary>
/// The caller's address, the rate-limit partition. Behind the Azure front end the socket peer is the
/// platform, so <c>X-Forwarded-For</c> (its first entry) is used when <c>License:TrustForwardedFor</c> is on.
/// </summary>
public static class ClientAddresses
{
    public static string Of(HttpRequest request, bool trustForwardedFor)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (trustForwardedFor && request.Headers["X-Forwarded-For"] is { Count: > 0 } forwarded)
        {
            var first = forwarded[0]?.Split(',')[0].Trim();
            if (!string.IsNullOrEmpty(first) && first.Length <= 64)
            {
                return first;
            }
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
