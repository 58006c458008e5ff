using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Licensing;
using Lipsync.Licensing.Keys;
using Lipsync.Licensing.Signing;
using Lipsync.Licensing.Usage;
using Lipsync.Licensing.Verification;
using Microsoft.Extensions.Options;

namespace Lipsync.Licensing.Sessions;

/// <summary>
/// Issues and refreshes license sessions for verified callers. A session is the token its id is
/// (<see cref="SessionTokens"/>): init seals one, refresh opens it, checks that it is alive and belongs
/// to this key and origin, and seals the next epoch. No storage is touched on either path (the caller's
/// key, account and origin come from the cached directory), so the edge scales with CPU alone.
/// </summary>
public sealed class LicenseService(
    SessionTokens tokens,
    LicenseSigner signer,
    MauRecorder usage,
    TimeProvider time,
    IOptions<LicensingOptions> options)
{
    private const int MaxAttributionLength = 256;
    private readonly LicensingOptions _options = options.Value;

    public (LicenseResponse? License, Refusal? Refusal) Init(VerifiedCaller caller, LicenseInitRequest? request)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (request?.UserId is { Length: > MaxAttributionLength } || request?.FingerprintHash is { Length: > MaxAttributionLength })
        {
            return (null, new Refusal(ErrorCodes.InvalidRequest, $"'userId' and 'fingerprintHash' must be at most {MaxAttributionLength} characters."));
        }

        var now = time.GetUtcNow();
        var session = new LicenseSession(
            SessionId: SessionTokens.NewSessionId(),
            KeyId: caller.Key.KeyId,
            AccountId: caller.Account.AccountId,
            KeyType: caller.Key.Type,
            Origin: caller.Origin?.ToString(),
            Epoch: 1,
            CreatedAt: now,
            ExpiresAt: now + _options.SessionTtl);

        // MAU: the user id, else the fingerprint, else the session itself (a random id).
        usage.RecordActiveUser(caller.Account.AccountId, request?.UserId ?? request?.FingerprintHash ?? session.SessionId, now);
        return (Issue(session, caller, now), null);
    }

    public (LicenseResponse? License, Refusal? Refusal) Refresh(VerifiedCaller caller, string? sessionId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(sessionId))
        {
            return (null, new Refusal(ErrorCodes.InvalidRequest, "The body must be {\"sessionId\": \"...\"} with the id returned by init or the last refresh."));
        }

        // A session belongs to the key and origin that opened it; for anyone else, and once lapsed, it does not exist.
        var now = time.GetUtcNow();
        if (!tokens.TryOpen(sessionId, out var current) || current!.ExpiresAt <= now
            || current.KeyId != caller.Key.KeyId || current.Origin != caller.Origin?.ToString())
        {
            return (null, new Refusal(ErrorCodes.SessionExpired));
        }

        var next = current with { Epoch = current.Epoch + 1, ExpiresAt = now + _options.SessionTtl };
        return (Issue(next, caller, now), null);
    }

    private LicenseResponse Issue(LicenseSession session, VerifiedCaller caller, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = session.AccountId,
            [LicenseClaims.SessionId] = session.SessionId,
            [LicenseClaims.KeyId] = caller.Key.KeyId,
            [LicenseClaims.Account] = session.AccountId,
            [LicenseClaims.Epoch] = session.Epoch,
            [LicenseClaims.KeyType] = session.KeyType.WireName(),
        };
        if (session.Origin is not null)
        {
            claims[LicenseClaims.Origin] = session.Origin;
        }

        return new LicenseResponse
        {
            SessionId = tokens.Seal(session),
            License = signer.Sign(claims, now, session.ExpiresAt, _options.Issuer),
            Epoch = session.Epoch,
            ExpiresAt = session.ExpiresAt,
            RefreshAfterMs = (long)_options.RefreshAfter.TotalMilliseconds,
            KeyType = session.KeyType.WireName(),
        };
    }
}
