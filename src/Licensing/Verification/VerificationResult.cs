using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Keys;
using Lipsync.Licensing.Origins;

namespace Lipsync.Licensing.Verification;

/// <summary>A verified caller: the key, its account, and the normalized origin it called from (if any).</summary>
public sealed record VerifiedCaller(ApiKeyRecord Key, AccountRecord Account, OriginValue? Origin);

/// <summary>Why a request was refused: a catalogue code, an optional specific message, an optional retry delay.</summary>
public sealed record Refusal(string Code, string? Message = null, TimeSpan? RetryAfter = null);

/// <summary>Either a <see cref="VerifiedCaller"/> or a <see cref="Refusal"/>.</summary>
public readonly struct VerificationResult
{
    private VerificationResult(VerifiedCaller? caller, Refusal? refusal)
    {
        Caller = caller;
        Refusal = refusal;
    }

    public VerifiedCaller? Caller { get; }

    public Refusal? Refusal { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Caller))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Caller is not null;

    public static VerificationResult Success(VerifiedCaller caller) => new(caller, null);

    public static VerificationResult Refused(string code, string? message = null, TimeSpan? retryAfter = null) =>
        new(null, new Refusal(code, message, retryAfter));
}
