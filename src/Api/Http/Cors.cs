using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.Http;

/// <summary>
/// CORS for routes browsers call: every answer, refusals included, allows any origin (<c>*</c>) so a
/// browser SDK can read each envelope; credentials are never allowed; the key and origin checks are
/// the gate, not CORS. <c>Retry-After</c> and the request id are exposed to scripts.
/// </summary>
public sealed record Cors(string Methods)
{
    public static Cors Post { get; } = new("POST, OPTIONS");

    public static Cors Get { get; } = new("GET, OPTIONS");

#pragma warning disable CA1822 // an instance method keeps call sites uniform (cors?.Apply)
    public void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "Retry-After, " + RequestIds.Header;
    }
#pragma warning restore CA1822

    /// <summary>The answer to a preflight: allowed methods and headers, cached for ten minutes.</summary>
    public ApiResult Preflight() =>
        ApiResult.NoContent()
            .WithHeader("Access-Control-Allow-Methods", Methods)
            .WithHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, " + RequestIds.Header)
            .WithHeader("Access-Control-Max-Age", "600");
}
