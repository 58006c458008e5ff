using System.Text.Json;
using System.Text.Json.Serialization;
using Lipsync.Contracts.Serialization;

namespace Lipsync.Contracts.Errors;

/// <summary>
/// The body of every non-2xx response: <c>{"code","message","requestId"}</c>. Clients branch on
/// <see cref="Code"/> only; <see cref="Message"/> is for humans.
/// </summary>
public sealed record ErrorEnvelope(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("requestId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequestId = null)
{
    /// <summary>The catalogue entry of this code, or null for a code this build does not know.</summary>
    [JsonIgnore]
    public ErrorDescriptor? Descriptor => ErrorCatalog.TryGet(Code, out var d) ? d : null;

    /// <summary>Builds an envelope for a catalogue code, using its default message unless one is given.</summary>
    public static ErrorEnvelope For(string code, string? message = null, string? requestId = null) =>
        new(code, message ?? ErrorCatalog.Get(code).DefaultMessage, requestId);

    /// <summary>Serializes to compact UTF-8 JSON (source-generated, no reflection).</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, ContractsJson.Context.ErrorEnvelope);

    /// <summary>
    /// Reads the envelope of an HTTP error response. When the body is empty, not JSON, or lacks a
    /// string <c>code</c> (a proxy page, a gateway timeout), synthesizes one from the status so that
    /// a code always exists (<see cref="ErrorCatalog.SynthesizedCodeFor"/>).
    /// </summary>
    public static ErrorEnvelope FromResponse(int status, ReadOnlySpan<byte> body, string? requestIdHeader = null)
    {
        if (TryParse(body, out var parsed))
        {
            return parsed.RequestId is null && requestIdHeader is not null ? parsed with { RequestId = requestIdHeader } : parsed;
        }

        var code = ErrorCatalog.SynthesizedCodeFor(status);
        var message = body.IsEmpty
            ? $"The server answered HTTP {status} with an empty body."
            : $"The server answered HTTP {status} with a body that is not a JSON error envelope.";
        return new ErrorEnvelope(code, message, requestIdHeader);
    }

    /// <summary>Parses a JSON envelope; false for anything that is not an object with a non-empty string <c>code</c>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ErrorEnvelope? envelope)
    {
        envelope = null;
        if (body.IsEmpty || body.Length > MaxEnvelopeBytes)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? code = null, message = null, requestId = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "code" when reader.TokenType == JsonTokenType.String:
                        code = reader.GetString();
                        break;
                    case "message" when reader.TokenType == JsonTokenType.String:
                        message = reader.GetString();
                        break;
                    case "requestId" when reader.TokenType == JsonTokenType.String:
                        requestId = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (string.IsNullOrEmpty(code))
            {
                return false;
            }

            envelope = new ErrorEnvelope(code, message ?? string.Empty, requestId);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Envelopes are a few hundred bytes; anything far larger is not one.
    private const int MaxEnvelopeBytes = 64 * 1024;
}
