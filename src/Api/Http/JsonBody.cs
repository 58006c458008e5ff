using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lipsync.Contracts.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Lipsync.Api.Http;

/// <summary>A parsed JSON body, or the error answer explaining why there is none.</summary>
public readonly record struct BodyResult<T>(T? Value, ApiResult? Error);

/// <summary>
/// Reads small JSON bodies with a hard size cap: <c>payload_too_large</c> past the cap (checked on the
/// declared length first, then while reading, so a lying or absent length cannot exhaust memory),
/// <c>unsupported_media_type</c> for a non-JSON content type, <c>invalid_json</c> for malformed JSON,
/// <c>invalid_request</c> (naming the field) for well-formed JSON of the wrong shape.
/// </summary>
public static class JsonBody
{
    /// <summary>JSON bodies are a few hundred bytes: ten seconds is generous even on a poor link.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, int maxBytes, bool optional, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return TooLarge<T>(maxBytes);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        await using var stream = new RequestBodyStream(request, maxBytes + 1, Deadline);
        try
        {
            var length = 0;
            int read;
            while (length <= maxBytes && (read = await stream.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
            }

            if (length > maxBytes)
            {
                return TooLarge<T>(maxBytes);
            }

            var body = buffer.AsMemory(0, length);
            if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
            {
                return optional
                    ? new BodyResult<T>(null, null)
                    : new BodyResult<T>(null, ApiResult.Error(ErrorCodes.InvalidRequest, "The request needs a JSON body."));
            }

            if (!IsJsonContentType(request.ContentType))
            {
                return new BodyResult<T>(null, ApiResult.Error(ErrorCodes.UnsupportedMediaType, "Send the body as 'Content-Type: application/json'."));
            }

            if (!IsWellFormedObject(body.Span, out var shapeProblem))
            {
                return new BodyResult<T>(null, shapeProblem);
            }

            try
            {
                return new BodyResult<T>(JsonSerializer.Deserialize(body.Span, typeInfo), null);
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } path ? path[2..] : "body";
                return new BodyResult<T>(null, ApiResult.Error(ErrorCodes.InvalidRequest, $"Field '{field}' has the wrong type."));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static BodyResult<T> TooLarge<T>(int maxBytes) =>
        new(default, ApiResult.Error(ErrorCodes.PayloadTooLarge, RequestBodyStream.TooLargeMessage(maxBytes)));

    private static bool IsJsonContentType(string? contentType) =>
        string.IsNullOrEmpty(contentType)
        || (MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (media.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))));

    private static bool IsWellFormedObject(ReadOnlySpan<byte> json, out ApiResult? problem)
    {
        problem = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problem = ApiResult.Error(ErrorCodes.InvalidRequest, "The body must be a JSON object.");
                return false;
            }

            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            problem = ApiResult.Error(ErrorCodes.InvalidJson);
            return false;
        }
    }
}
