using System.Buffers;
using System.Security.Cryptography;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Licensing;
using Lipsync.Licensing.Keys;
using Lipsync.Licensing.Signing;
using Lipsync.Licensing.Usage;
using Lipsync.Licensing.Verification;
using Microsoft.Extensions.Options;

namespace Lipsync.Licensing.Sessions;

/// <summary>Issues and refreshes license sessions for verified callers.</summary>
public sealed class LicenseService(
    SessionStore sessions,
    LicenseSigner signer,
    MauRecorder usage,
    TimeProvider time,
    IOptions<LicensingOptions> options)
{
    private const string SessionAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly SearchValues<char> SessionChars = SearchValues.Create(SessionAlphabet);
    private const int MaxAttributionLength = 256;
    private const int MaxConcurrencyRetries = 4;
    private readonly LicensingOptions _options = options.Value;

    public async Task<(LicenseResponse? License, Refusal? Refusal)> InitAsync(VerifiedCaller caller, LicenseInitRequest? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (request?.UserId is { Length: > MaxAttributionLength } || request?.FingerprintHash is { Length: > MaxAttributionLength })
        {
            return (null, new Refusal(ErrorCodes.InvalidRequest, $"'userId' and 'fingerprintHash' must be at most {MaxAttributionLength} characters."));
        }

        var now = time.GetUtcNow();
        var session = new LicenseSession(
            SessionId: "ses_" + new string(RandomNumberGenerator.GetItems<char>(SessionAlphabet, 24)),
            KeyHash: caller.Key.Hash,
            AccountId: caller.Account.AccountId,
            KeyType: caller.Key.Type,
            Origin: caller.Origin?.ToString(),
            UserId: request?.UserId,
            Epoch: 1,
            CreatedAt: now,
            ExpiresAt: now + _options.SessionTtl);
        await sessions.CreateAsync(session, cancellationToken);

        // MAU: the user id, else the fingerprint, else the session itself (a random id).
        usage.RecordActiveUser(caller.Account.AccountId, request?.UserId ?? request?.FingerprintHash ?? session.SessionId, now);
        return (Issue(session, caller, now), null);
    }

    public async Task<(LicenseResponse? License, Refusal? Refusal)> RefreshAsync(VerifiedCaller caller, string? sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(sessionId))
        {
            return (null, new Refusal(ErrorCodes.InvalidRequest, "The body must be {\"sessionId\": \"...\"} with the id returned by init."));
        }

        if (!IsWellFormedSessionId(sessionId))
        {
            return (null, new Refusal(ErrorCodes.SessionExpired));
        }

        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            var now = time.GetUtcNow();
            var found = await sessions.GetAsync(sessionId, cancellationToken);

            // A session belongs to the key and origin that opened it; for anyone else it does not exist.
            if (found is not { } current || current.Session.ExpiresAt <= now
                || !KeyHasher.Matches(current.Session.KeyHash, caller.Key.Hash)
                || current.Session.Origin != caller.Origin?.ToString())
            {
                return (null, new Refusal(ErrorCodes.SessionExpired));
            }

            var next = current.Session with { Epoch = current.Session.Epoch + 1, ExpiresAt = now + _options.SessionTtl };
            if (await sessions.TryReplaceAsync(next, current.ETag, cancellationToken))
            {
                return (Issue(next, caller, now), null);
            }

            // Lost a race with a concurrent refresh of the same session: re-read and go again.
        }

        return (null, new Refusal(ErrorCodes.ServiceUnavailable, "The session is being refreshed concurrently; retry.", TimeSpan.FromSeconds(1)));
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
            SessionId = session.SessionId,
            License = signer.Sign(claims, now, session.ExpiresAt, _options.Issuer),
            Epoch = session.Epoch,
            ExpiresAt = session.ExpiresAt,
            RefreshAfterMs = (long)_options.RefreshAfter.TotalMilliseconds,
            KeyType = session.KeyType.WireName(),
        };
    }

    private static bool IsWellFormedSessionId(string id) =>
        id.Length is > 4 and <= 64 && id.StartsWith("ses_", StringComparison.Ordinal) && !id.AsSpan(4).ContainsAnyExcept(SessionChars);
}
