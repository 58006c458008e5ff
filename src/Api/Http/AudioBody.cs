using Lipsync.Contracts.Errors;
using Lipsync.Engine.Audio;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Lipsync.Api.Http;

/// <summary>
/// Audio request bodies: any audio or binary content type (the engine sniffs the format from the bytes;
/// the type is read only for headerless audio, <see cref="RawAudioFormat"/>), never JSON, text or forms;
/// a hard size cap checked on the declared length and again while reading (<see cref="RequestBodyStream"/>,
/// which also bounds the time the body may take).
/// </summary>
public static class AudioBody
{
    /// <summary>An error for a body that cannot be audio (declared type or size), else null.</summary>
    public static ApiResult? Precheck(HttpRequest request, long maxBytes) => Precheck(request, maxBytes, out _);

    /// <summary>As <see cref="Precheck(HttpRequest, long)"/>, with the raw format the type declares (null unless headerless).</summary>
    private static ApiResult? Precheck(HttpRequest request, long maxBytes, out RawAudioFormat? raw)
    {
        ArgumentNullException.ThrowIfNull(request);
        raw = null;
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        if (request.ContentLength == 0)
        {
            return ApiResult.Error(ErrorCodes.AudioEmpty, "The request body is empty; send the audio bytes.");
        }

        if (!IsAudioContentType(request.ContentType))
        {
            return ApiResult.Error(ErrorCodes.UnsupportedMediaType, "Send the audio bytes with an audio/* or application/octet-stream content type.");
        }

        return RawAudioFormat.TryParse(request.ContentType, out raw, out var problem)
            ? null
            : ApiResult.Error(ErrorCodes.UnsupportedMediaType, $"{problem} Headerless audio is accepted as {RawAudioFormat.Accepted}.");
    }

    /// <summary>
    /// Buffers the body (the decoders need a seekable stream), with the raw format its type declares
    /// (null unless headerless); an error past the cap or when empty.
    /// </summary>
    public static async Task<(MemoryStream? Audio, RawAudioFormat? Raw, ApiResult? Error)> ReadAsync(HttpRequest request, int maxBytes, TimeSpan deadline, CancellationToken cancellationToken)
    {
        if (Precheck(request, maxBytes, out var raw) is { } problem)
        {
            return (null, null, problem);
        }

        var buffer = new MemoryStream(request.ContentLength is { } declared ? (int)declared : 64 * 1024);
        await using var body = new RequestBodyStream(request, maxBytes, deadline);
        await body.CopyToAsync(buffer, cancellationToken);

        if (buffer.Length == 0)
        {
            return (null, null, ApiResult.Error(ErrorCodes.AudioEmpty, "The request body is empty; send the audio bytes."));
        }

        buffer.Position = 0;
        return (buffer, raw, null);
    }

    public static ApiResult TooLarge(long maxBytes) =>
        ApiResult.Error(ErrorCodes.PayloadTooLarge, RequestBodyStream.TooLargeMessage(maxBytes));

    private static bool IsAudioContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        return media.Type.Equals("audio", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("application/ogg", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("video/ogg", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("video/webm", StringComparison.OrdinalIgnoreCase) // MediaRecorder's label when video was possible
            || media.MediaType.Equals("video/mp4", StringComparison.OrdinalIgnoreCase); // Safari's MediaRecorder, likewise
    }
}
