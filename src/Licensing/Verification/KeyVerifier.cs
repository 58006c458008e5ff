using Lipsync.Contracts.Errors;
using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Lookup;
using Lipsync.Licensing.Keys;
using Lipsync.Licensing.RateLimiting;
using Lipsync.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Lipsync.Licensing.Verification;

/// <summary>
/// Decides whether a request may use a surface. The evaluation order lives here and only here:
/// <list type="number">
/// <item><c>missing_bearer</c>: no single <c>Authorization: Bearer &lt;token&gt;</c>;</item>
/// <item><c>rate_limited</c>: the client address or the presented key has too many recent failures;</item>
/// <item><c>invalid_api_key</c>: not shaped like a key, unknown, or its account is gone;</item>
/// <item><c>key_expired</c>;</item>
/// <item>402: <c>key_disabled</c>, <c>subscription_canceled</c>, <c>subscription_past_due_expired</c>;</item>
/// <item><c>wrong_key_scope</c>;</item>
/// <item>origin rules (<see cref="OriginRules"/>): <c>missing_origin</c>, <c>prod_key_on_localhost</c>,
/// <c>dev_key_on_public_domain</c>, <c>origin_allowlist_empty</c>, <c>origin_not_allowed</c>.</item>
/// </list>
/// (<c>session_expired</c> comes after all of these, on refresh, in <see cref="Sessions.LicenseService"/>.)
/// Failed 401 verifications count toward the rate limits; storage failures throw
/// <see cref="ServiceUnavailableException"/>.
/// </summary>
public sealed class KeyVerifier(
    IKeyDirectory directory,
    KeyHasher hasher,
    FailedAttemptLimiter limiter,
    TimeProvider time,
    IOptions<LicensingOptions> options)
{
    private readonly LicensingOptions _options = options.Value;

    public async ValueTask<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        if (!TryGetBearer(request.Authorization, out var key, out var bearerProblem))
        {
            return VerificationResult.Refused(ErrorCodes.MissingBearer, bearerProblem);
        }

        var addressPartition = "a:" + request.ClientAddress;
        var hash = hasher.Hash(key);
        var keyPartition = "k:" + hash;
        if (limiter.IsBlocked(addressPartition, _options.FailuresPerAddress, out var wait)
            || limiter.IsBlocked(keyPartition, _options.FailuresPerKey, out wait))
        {
            return VerificationResult.Refused(ErrorCodes.RateLimited, retryAfter: wait);
        }

        var result = await VerifyKeyAsync(key, hash, request, cancellationToken);
        if (result.Refusal is { Code: ErrorCodes.InvalidApiKey or ErrorCodes.KeyExpired })
        {
            limiter.RecordFailure(addressPartition);
            limiter.RecordFailure(keyPartition);
        }

        return result;
    }

    private async ValueTask<VerificationResult> VerifyKeyAsync(string key, string hash, VerificationRequest request, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryGetType(key, out var presentedType))
        {
            return VerificationResult.Refused(ErrorCodes.InvalidApiKey, "The API key is not recognised: it does not have the shape of an lsk_dev_, lsk_pub_ or lsk_sec_ key.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StorageTimeout);
        ApiKeyRecord? record;
        AccountRecord? account = null;
        try
        {
            record = await directory.FindKeyAsync(hash, timeout.Token);
            if (record is not null && KeyHasher.Matches(record.Hash, hash) && record.Type == presentedType)
            {
                account = await directory.FindAccountAsync(record.AccountId, timeout.Token);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceUnavailableException("Key storage did not answer in time.", e);
        }

        if (record is null || account is null || record.Type != presentedType)
        {
            return VerificationResult.Refused(ErrorCodes.InvalidApiKey);
        }

        var now = time.GetUtcNow();
        if (record.EffectiveExpiry(_options.DevKeyLifetime) is { } expiry && now >= expiry)
        {
            return VerificationResult.Refused(ErrorCodes.KeyExpired, $"This API key expired at {expiry:O}; mint a fresh key.");
        }

        if (record.Disabled)
        {
            return VerificationResult.Refused(ErrorCodes.KeyDisabled);
        }

        switch (account.Status)
        {
            case SubscriptionStatus.Canceled:
                return VerificationResult.Refused(ErrorCodes.SubscriptionCanceled);
            case SubscriptionStatus.PastDue when account.GraceUntil is not { } grace || now > grace:
                return VerificationResult.Refused(ErrorCodes.SubscriptionPastDueExpired);
        }

        if (!IsAllowedOn(record.Type, request.Surface))
        {
            return VerificationResult.Refused(
                ErrorCodes.WrongKeyScope,
                $"A {record.Type.WireName()} key cannot be used on the {(request.Surface == Surface.Runtime ? "runtime (license)" : "batch")} endpoints; use a {(request.Surface == Surface.Runtime ? "pub or dev" : "sec or dev")} key.");
        }

        var originRefusal = OriginRules.Check(record.Type, request.Origin, account.Origins, out var origin);
        return originRefusal is null
            ? VerificationResult.Success(new VerifiedCaller(record, account, origin))
            : VerificationResult.Refused(originRefusal.Code, originRefusal.Message);
    }

    private static bool IsAllowedOn(ApiKeyType type, Surface surface) => type switch
    {
        ApiKeyType.Dev => true,
        ApiKeyType.Pub => surface == Surface.Runtime,
        _ => surface == Surface.Batch,
    };

    private static bool TryGetBearer(StringValues headers, out string key, out string? problem)
    {
        key = "";
        problem = null;
        if (headers.Count == 0)
        {
            return false;
        }

        if (headers.Count > 1)
        {
            problem = "Send exactly one 'Authorization: Bearer <key>' header; this request has several.";
            return false;
        }

        var value = headers[0].AsSpan().Trim();
        if (value.Length < 7 || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            problem = "The 'Authorization' header must use the Bearer scheme: 'Authorization: Bearer <key>'.";
            return false;
        }

        var token = value[7..].Trim();
        if (token.IsEmpty)
        {
            problem = "The 'Authorization: Bearer' header has no key after 'Bearer'.";
            return false;
        }

        // A comma or space means several credentials folded into one header (or a malformed one).
        if (token.IndexOfAny(' ', ',') >= 0)
        {
            problem = "Send exactly one 'Authorization: Bearer <key>' header with a single key.";
            return false;
        }

        key = token.Length > ApiKeyFormat.MaxLength ? token[..ApiKeyFormat.MaxLength].ToString() : token.ToString();
        return true;
    }
}
