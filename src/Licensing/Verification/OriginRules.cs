using Lipsync.Contracts.Errors;
using Lipsync.Licensing.Keys;
using Lipsync.Licensing.Origins;
using Microsoft.Extensions.Primitives;

namespace Lipsync.Licensing.Verification;

/// <summary>
/// Origin pairing, server-side and strict:
/// <list type="bullet">
/// <item>sec keys: origin not checked (server-to-server batch calls);</item>
/// <item>dev keys: no Origin or a local one; anything else <c>dev_key_on_public_domain</c>;</item>
/// <item>pub keys: Origin required (<c>missing_origin</c>), never local (<c>prod_key_on_localhost</c>), and
/// on the account's allow-list (<c>origin_allowlist_empty</c>, <c>origin_not_allowed</c>).</item>
/// </list>
/// Several Origin headers or a malformed one are <c>invalid_request</c>. The opaque origin <c>null</c>
/// (sandboxed frames, file: pages) is neither local nor allow-listable.
/// </summary>
public static class OriginRules
{
    public static Refusal? Check(ApiKeyType type, StringValues originHeader, IReadOnlyList<OriginPattern> allowList, out OriginValue? origin)
    {
        ArgumentNullException.ThrowIfNull(allowList);
        origin = null;
        if (type == ApiKeyType.Sec)
        {
            return null;
        }

        if (originHeader.Count > 1)
        {
            return new Refusal(ErrorCodes.InvalidRequest, "Send at most one 'Origin' header.");
        }

        var text = originHeader.Count == 1 ? originHeader[0] : null;
        if (string.IsNullOrEmpty(text))
        {
            return type == ApiKeyType.Pub ? new Refusal(ErrorCodes.MissingOrigin) : null;
        }

        var opaque = text == "null";
        if (!opaque)
        {
            if (!OriginValue.TryParse(text, out var parsed))
            {
                return new Refusal(ErrorCodes.InvalidRequest, "The 'Origin' header is not a valid origin (scheme://host[:port], ASCII only).");
            }

            origin = parsed;
        }

        var local = origin?.IsLocal == true;
        if (type == ApiKeyType.Dev)
        {
            return local ? null : new Refusal(ErrorCodes.DevKeyOnPublicDomain, $"Development keys only work from local origins; '{Display(text)}' is not local.");
        }

        if (local)
        {
            return new Refusal(ErrorCodes.ProdKeyOnLocalhost, $"Publishable keys cannot be used from the local origin '{origin}'; use a development key locally.");
        }

        if (allowList.Count == 0)
        {
            return new Refusal(ErrorCodes.OriginAllowlistEmpty);
        }

        if (origin is { } o && allowList.Any(p => p.Matches(o)))
        {
            return null;
        }

        return new Refusal(ErrorCodes.OriginNotAllowed, $"The origin '{Display(text)}' is not on the account's allow-list.");
    }

    // Echo the origin only in its normalized or short form: it is caller-controlled text.
    private static string Display(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");
}
