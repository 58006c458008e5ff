using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.Http;

/// <summary>
/// One id per request, in every envelope and in the <c>x-request-id</c> response header. A caller's
/// own well-formed <c>x-request-id</c> is kept (so client and server logs join); otherwise the trace id.
/// </summary>
public static class RequestIds
{
    public const string Header = "x-request-id";
    private static readonly object Key = new();
    private static readonly SearchValues<char> Allowed = SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.:");

    public static string Get(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(Key, out var existing) && existing is string id)
        {
            return id;
        }

        var incoming = context.Request.Headers[Header];
        id = incoming.Count == 1 && incoming[0] is { Length: > 0 and <= 64 } candidate && !candidate.AsSpan().ContainsAnyExcept(Allowed)
            ? candidate
            : Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
        context.Items[Key] = id;
        context.Response.Headers[Header] = id;
        return id;
    }
}
