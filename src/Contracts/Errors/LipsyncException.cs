namespace Lipsync.Contracts.Errors;

/// <summary>
/// Base of every error the SDK and the contracts raise (the product spec's <c>LipsyncError</c>).
/// Branch on <see cref="Code"/>, not on the subclass.
/// </summary>
public class LipsyncException : Exception
{
    public LipsyncException(string code, string message, int status = 0, string? requestId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Status = status;
        RequestId = requestId;
        var descriptor = ErrorCatalog.TryGet(code, out var d) ? d : null;
        Retryable = descriptor?.Retryable ?? status is 429 or >= 500;
        NextStep = descriptor?.NextStep;
    }

    /// <summary>Stable snake_case code from the catalogue (or from a newer server).</summary>
    public string Code { get; }

    /// <summary>HTTP status, or 0 when the error never crossed the wire.</summary>
    public int Status { get; }

    /// <summary>The server's request id, for support tickets.</summary>
    public string? RequestId { get; }

    /// <summary>Whether the same call may succeed later without a change by the caller.</summary>
    public bool Retryable { get; }

    /// <summary>The catalogue's recommended next step, when the code is known.</summary>
    public string? NextStep { get; }

    /// <summary>Server-requested delay before a retry (from <c>Retry-After</c>), when given.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The envelope this error represents.</summary>
    public ErrorEnvelope ToEnvelope() => new(Code, Message, RequestId);

    /// <summary>Creates the exception subclass the catalogue assigns to the envelope's code.</summary>
    public static LipsyncException FromEnvelope(ErrorEnvelope envelope, int status, TimeSpan? retryAfter = null, Exception? innerException = null)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var errorClass = envelope.Descriptor?.Class ?? (status >= 500 ? ErrorClass.NetworkError : ErrorClass.LipsyncError);
        return errorClass switch
        {
            ErrorClass.LicenseError => new LicenseException(envelope.Code, envelope.Message, status, envelope.RequestId, innerException) { RetryAfter = retryAfter },
            ErrorClass.RefusedError => new RefusedException(envelope.Code, envelope.Message, status, envelope.RequestId, innerException) { RetryAfter = retryAfter },
            ErrorClass.NetworkError => new NetworkException(envelope.Code, envelope.Message, status, envelope.RequestId, innerException) { RetryAfter = retryAfter },
            ErrorClass.EngineError => new EngineException(envelope.Code, envelope.Message, status, envelope.RequestId, innerException) { RetryAfter = retryAfter },
            _ => new LipsyncException(envelope.Code, envelope.Message, status, envelope.RequestId, innerException) { RetryAfter = retryAfter },
        };
    }
}

/// <summary>Authorization trouble at init that may pass (the spec's <c>LicenseError</c>; e.g. <c>rate_limited</c>).</summary>
public sealed class LicenseException(string code, string message, int status = 0, string? requestId = null, Exception? innerException = null)
    : LipsyncException(code, message, status, requestId, innerException);

/// <summary>Hard refusal (the spec's <c>RefusedError</c>): never retried; recover with a fresh init.</summary>
public sealed class RefusedException(string code, string message, int status = 0, string? requestId = null, Exception? innerException = null)
    : LipsyncException(code, message, status, requestId, innerException);

/// <summary>Transport failure or a non-JSON answer (the spec's <c>NetworkError</c>); retry with backoff.</summary>
public sealed class NetworkException(string code, string message, int status = 0, string? requestId = null, Exception? innerException = null)
    : LipsyncException(code, message, status, requestId, innerException);

/// <summary>Inference or runtime failure (the spec's <c>EngineError</c>).</summary>
public sealed class EngineException(string code, string message, int status = 0, string? requestId = null, Exception? innerException = null)
    : LipsyncException(code, message, status, requestId, innerException);
