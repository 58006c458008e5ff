namespace Lipsync.Contracts.Errors;

/// <summary>
/// Every stable error code. The first block is the product spec's edge catalogue; the rest are the
/// codes this backend and its SDK add. <see cref="ErrorCatalog"/> holds status, class and next step.
/// </summary>
public static class ErrorCodes
{
    // Edge codes of the product spec (401).
    public const string MissingBearer = "missing_bearer";
    public const string InvalidApiKey = "invalid_api_key";
    public const string KeyExpired = "key_expired";

    // 402
    public const string KeyDisabled = "key_disabled";
    public const string SubscriptionPastDueExpired = "subscription_past_due_expired";
    public const string SubscriptionCanceled = "subscription_canceled";

    // 403
    public const string WrongKeyScope = "wrong_key_scope";
    public const string ProdKeyOnLocalhost = "prod_key_on_localhost";
    public const string DevKeyOnPublicDomain = "dev_key_on_public_domain";
    public const string OriginNotAllowed = "origin_not_allowed";
    public const string OriginAllowlistEmpty = "origin_allowlist_empty";
    public const string MissingOrigin = "missing_origin";

    // 429 and 404
    public const string RateLimited = "rate_limited";
    public const string SessionExpired = "session_expired";

    // Client-side: a stored or received timeline failed validation.
    public const string BadTimeline = "bad_timeline";

    // Request shape (added by this backend).
    public const string InvalidJson = "invalid_json";
    public const string InvalidRequest = "invalid_request";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string BadRequestBody = "bad_request_body";
    public const string RequestTimeout = "request_timeout";
    public const string RouteNotFound = "route_not_found";
    public const string MethodNotAllowed = "method_not_allowed";

    // Audio and engine.
    public const string AudioEmpty = "audio_empty";
    public const string AudioUnsupported = "audio_unsupported";
    public const string AudioUndecodable = "audio_undecodable";
    public const string AudioTooLong = "audio_too_long";
    public const string AudioTruncated = "audio_truncated";
    public const string EngineFailure = "engine_failure";
    public const string ProcessingTimeout = "processing_timeout";

    // Batch jobs.
    public const string JobNotFound = "job_not_found";
    public const string BlobNotFound = "blob_not_found";
    public const string InvalidBlobName = "invalid_blob_name";
    public const string InputReplaced = "input_replaced";
    public const string JobNotFinished = "job_not_finished";
    public const string OutputConflict = "output_conflict";

    // Server side.
    public const string ServiceUnavailable = "service_unavailable";
    public const string InternalError = "internal_error";

    // Synthesized by the SDK when no JSON envelope arrived (never sent by the server).
    public const string NetworkFailure = "network_error";
    public const string UnexpectedServerResponse = "unexpected_server_response";
    public const string UnexpectedClientResponse = "unexpected_client_response";

    // Raised by the on-device engines (the web SDK's): the license gates inference on the user's device.
    public const string LicenseInvalid = "license_invalid";
    public const string EngineNotLicensed = "engine_not_licensed";
}
