using System.Collections.Frozen;

namespace Lipsync.Contracts.Errors;

/// <summary>
/// The single source of truth for error codes: status, SDK class, retryability, next step and a
/// default message. Hosts build envelopes from it, the SDK maps codes to exception classes with it.
/// </summary>
public static class ErrorCatalog
{
    private static readonly ErrorDescriptor[] Entries =
    [
        // Edge codes (product spec).
        new(ErrorCodes.MissingBearer, 401, ErrorClass.RefusedError, false,
            "Fix the integration: send 'Authorization: Bearer <key>'.",
            "The request has no 'Authorization: Bearer <key>' header."),
        new(ErrorCodes.InvalidApiKey, 401, ErrorClass.RefusedError, false,
            "Check the key: copy it again from where it was created (the output of 'lipsync keys create' or ./run, or your account's dashboard); it may be mistyped, cut short or from another environment.",
            "The API key is not recognised."),
        new(ErrorCodes.KeyExpired, 401, ErrorClass.RefusedError, false,
            "Mint a fresh key.",
            "This API key has expired (development keys last 30 days)."),
        new(ErrorCodes.KeyDisabled, 402, ErrorClass.RefusedError, false,
            "Re-subscribe or mint a new key.",
            "This API key has been disabled."),
        new(ErrorCodes.SubscriptionPastDueExpired, 402, ErrorClass.RefusedError, false,
            "Update the payment method for the account.",
            "The account's payment is past due and its grace period has ended."),
        new(ErrorCodes.SubscriptionCanceled, 402, ErrorClass.RefusedError, false,
            "Re-subscribe to restore access.",
            "The account's subscription is canceled."),
        new(ErrorCodes.WrongKeyScope, 403, ErrorClass.RefusedError, false,
            "Issue the matching key type: pub or dev for the runtime, sec or dev for batch.",
            "This key type is not allowed on this endpoint."),
        new(ErrorCodes.ProdKeyOnLocalhost, 403, ErrorClass.RefusedError, false,
            "Use a development key (lsk_dev_) on local origins.",
            "Publishable keys cannot be used from a local origin."),
        new(ErrorCodes.DevKeyOnPublicDomain, 403, ErrorClass.RefusedError, false,
            "Use a publishable production key (lsk_pub_) on public origins.",
            "Development keys only work from local origins."),
        new(ErrorCodes.OriginNotAllowed, 403, ErrorClass.RefusedError, false,
            "Add the origin to the account's allow-list ('lipsync origins add --account <id> <origin>', or your account's dashboard).",
            "The request's origin is not on the account's allow-list."),
        new(ErrorCodes.OriginAllowlistEmpty, 403, ErrorClass.RefusedError, false,
            "Configure at least one allowed origin for the account.",
            "The account has no allowed origins configured."),
        new(ErrorCodes.MissingOrigin, 403, ErrorClass.RefusedError, false,
            "Send the request from a browser page, or use a secret key server-side.",
            "Publishable keys require an 'Origin' header."),
        new(ErrorCodes.RateLimited, 429, ErrorClass.LicenseError, true,
            "Wait for the 'Retry-After' seconds, then try again.",
            "Too many failed verifications; try again shortly."),
        new(ErrorCodes.SessionExpired, 404, ErrorClass.RefusedError, false,
            "Start a new license session (reload).",
            "The license session does not exist or has lapsed."),

        // Client side.
        new(ErrorCodes.BadTimeline, 0, ErrorClass.LipsyncError, false,
            "Regenerate the timeline from its audio.",
            "The viseme timeline is not a valid version 1 timeline."),

        // Request shape.
        new(ErrorCodes.InvalidJson, 400, ErrorClass.LipsyncError, false,
            "Send a well-formed JSON body.",
            "The request body is not valid JSON."),
        new(ErrorCodes.InvalidRequest, 400, ErrorClass.LipsyncError, false,
            "Fix the named field or header and send the request again.",
            "The request is not valid."),
        new(ErrorCodes.UnsupportedMediaType, 415, ErrorClass.LipsyncError, false,
            "Send the body with a supported Content-Type.",
            "The request's Content-Type is not supported by this endpoint."),
        new(ErrorCodes.PayloadTooLarge, 413, ErrorClass.LipsyncError, false,
            "Send a smaller body, or submit long audio as a batch job.",
            "The request body is larger than this endpoint accepts."),
        new(ErrorCodes.BadRequestBody, 400, ErrorClass.LipsyncError, true,
            "Send the whole body again (the upload was cut off or its chunked encoding was broken).",
            "The request body ended early or was malformed."),
        new(ErrorCodes.RequestTimeout, 408, ErrorClass.LipsyncError, true,
            "Send the body again over a faster connection, or submit a smaller file.",
            "The request body did not arrive within the endpoint's deadline."),
        new(ErrorCodes.RouteNotFound, 404, ErrorClass.LipsyncError, false,
            "Check the URL against the API reference.",
            "No endpoint exists at this path."),
        new(ErrorCodes.MethodNotAllowed, 405, ErrorClass.LipsyncError, false,
            "Use the HTTP method the API reference gives for this path.",
            "This endpoint does not accept that HTTP method."),

        // Audio and engine.
        new(ErrorCodes.AudioEmpty, 422, ErrorClass.LipsyncError, false,
            "Send audio that contains at least one sample.",
            "The audio is empty."),
        new(ErrorCodes.AudioUnsupported, 415, ErrorClass.LipsyncError, false,
            "Convert the audio to WAV, MP3 or Ogg Vorbis.",
            "The audio format is not supported."),
        new(ErrorCodes.AudioUndecodable, 422, ErrorClass.LipsyncError, false,
            "Check that the file is complete and not corrupted, then upload it again.",
            "The audio could not be decoded."),
        new(ErrorCodes.AudioTruncated, 422, ErrorClass.LipsyncError, false,
            "Upload the whole file: it ends well before the length its header declares (an interrupted upload or copy).",
            "The audio file is cut short."),
        new(ErrorCodes.AudioTooLong, 413, ErrorClass.LipsyncError, false,
            "Split the audio or submit it as a batch job.",
            "The audio is longer than this endpoint accepts."),
        new(ErrorCodes.ProcessingTimeout, 422, ErrorClass.EngineError, false,
            "Check the file plays from start to end; split very long recordings. Report the request id if a normal file hits this.",
            "Processing the audio took longer than the job deadline, so it was stopped."),
        new(ErrorCodes.EngineFailure, 500, ErrorClass.EngineError, true,
            "Retry; if it persists, re-initialise and report the request id.",
            "The timeline engine failed while processing the audio."),

        // Batch jobs.
        new(ErrorCodes.JobNotFound, 404, ErrorClass.LipsyncError, false,
            "Check the job id; jobs are visible only to keys of the account that submitted them.",
            "No job exists with this id."),
        new(ErrorCodes.InvalidBlobName, 400, ErrorClass.LipsyncError, false,
            "Rename the file: no '\\', no '.' or '..' path segments, no control characters, at most 1024 characters.",
            "The blob name is not acceptable."),
        new(ErrorCodes.BlobNotFound, 404, ErrorClass.LipsyncError, false,
            "Upload the audio to the 'audio-in' container first, or send it in the request body.",
            "The named audio blob does not exist."),
        new(ErrorCodes.InputReplaced, 409, ErrorClass.LipsyncError, false,
            "Nothing to do: the new upload under the same name has its own job and timeline.",
            "The input blob was replaced or deleted while this job ran; its timeline was not written."),
        new(ErrorCodes.JobNotFinished, 409, ErrorClass.LipsyncError, true,
            "Poll GET /api/v1/jobs/{jobId} until its status is 'succeeded', then fetch the timeline.",
            "The job has not finished; its timeline does not exist yet."),
        new(ErrorCodes.OutputConflict, 409, ErrorClass.LipsyncError, false,
            "Give inputs distinct names before the extension: 'talk.wav' and 'talk.mp3' both become 'talk.json'.",
            "A newer input with the same name stem owns this timeline name; this job's timeline was not written."),

        // Server side.
        new(ErrorCodes.ServiceUnavailable, 503, ErrorClass.LipsyncError, true,
            "Retry after the 'Retry-After' seconds with backoff.",
            "A backing service is temporarily unavailable."),
        new(ErrorCodes.InternalError, 500, ErrorClass.LipsyncError, true,
            "Retry with backoff; if it persists, report the request id.",
            "An unexpected error occurred on the server."),

        // Synthesized by clients.
        new(ErrorCodes.NetworkFailure, 0, ErrorClass.NetworkError, true,
            "Check connectivity and retry with backoff.",
            "The server could not be reached."),
        new(ErrorCodes.UnexpectedServerResponse, 0, ErrorClass.NetworkError, true,
            "Retry with backoff; a proxy or gateway answered instead of the API.",
            "The server answered with an error that carries no JSON envelope."),
        new(ErrorCodes.UnexpectedClientResponse, 0, ErrorClass.LipsyncError, false,
            "Check the endpoint URL and any proxy between the client and the API.",
            "The request was refused with a response that carries no JSON envelope."),

        // Raised by on-device engines, which verify the license themselves before inference.
        new(ErrorCodes.LicenseInvalid, 0, ErrorClass.RefusedError, false,
            "Start a new license session (reload); if it persists, check that the page's origin is the one the key allows and that the endpoint serves its JWKS.",
            "The license did not verify: its signature, expiry or origin is wrong."),
        new(ErrorCodes.EngineNotLicensed, 0, ErrorClass.EngineError, false,
            "Wait for the license session to be ready (init or reload) before processing audio on the device.",
            "The on-device engine runs only while its license session is ready or degraded."),
    ];

    private static readonly FrozenDictionary<string, ErrorDescriptor> ByCode =
        Entries.ToFrozenDictionary(e => e.Code, StringComparer.Ordinal);

    /// <summary>All catalogue entries, in documentation order.</summary>
    public static IReadOnlyList<ErrorDescriptor> All => Entries;

    /// <summary>Looks up a code; unknown codes (from a newer server) return false.</summary>
    public static bool TryGet(string code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ErrorDescriptor? descriptor) =>
        ByCode.TryGetValue(code, out descriptor);

    /// <summary>Gets a code that must exist; a missing code is a programming error.</summary>
    public static ErrorDescriptor Get(string code) =>
        ByCode.TryGetValue(code, out var d) ? d : throw new KeyNotFoundException($"Error code '{code}' is not in the catalogue.");

    /// <summary>
    /// The code a client synthesizes for a non-2xx response that carries no JSON envelope, so that
    /// <c>code</c> always exists. 429 keeps its meaning; other statuses fall into a class per family.
    /// </summary>
    public static string SynthesizedCodeFor(int status) => status switch
    {
        429 => ErrorCodes.RateLimited,
        503 => ErrorCodes.ServiceUnavailable,
        >= 500 => ErrorCodes.UnexpectedServerResponse,
        >= 400 => ErrorCodes.UnexpectedClientResponse,
        _ => ErrorCodes.UnexpectedServerResponse,
    };
}
