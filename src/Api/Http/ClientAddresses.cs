using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.Http;

/// <summary>
/// The caller's address, the rate-limit partition: the socket peer, as rewritten by the forwarded-headers
/// middleware when the request came through a configured proxy (<see cref="ForwardingOptions"/>).
/// </summary>
public static class ClientAddresses
{
    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
