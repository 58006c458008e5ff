using System.Text.Json;
using System.Text.Json.Nodes;
using Lipsync.Contracts.Errors;

namespace Lipsync.Api.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the HTTP contract, served at <c>/api/openapi.json</c> by both hosts. The
/// routes and schemas are written once (<c>openapi.base.json</c>, embedded) and checked by tests against
/// the endpoint table and the source-generated contract types; the error codes are not written at all:
/// <c>components.schemas.ErrorCode</c> and <c>x-lipsync-errors</c> (each code's status, SDK error class,
/// retryability and next step) are filled in from <see cref="ErrorCatalog"/>, so SDKs generated from this
/// document cannot drift from the server's catalogue.
/// </summary>
public static class OpenApiDocument
{
    private static readonly Lazy<byte[]> Document = new(Build);

    /// <summary>The document as UTF-8 JSON (built once).</summary>
    public static ReadOnlyMemory<byte> Utf8 => Document.Value;

    /// <summary>The same bytes for the handler to write as they are (never modified, so never copied).</summary>
    internal static byte[] Body => Document.Value;

    /// <summary>A fresh, mutable copy of the document.</summary>
    public static JsonNode Parse() => JsonNode.Parse(Document.Value)!;

    private static byte[] Build()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Lipsync.Api.OpenApi.openapi.base.json")
            ?? throw new InvalidOperationException("openapi.base.json is not embedded in Lipsync.Api.");
        var root = JsonNode.Parse(stream)!.AsObject();
        var codes = new JsonArray();
        var errors = new JsonArray();
        foreach (var error in ErrorCatalog.All)
        {
            codes.Add(error.Code);
            errors.Add(new JsonObject
            {
                ["code"] = error.Code,
                ["status"] = error.Status,
                ["class"] = error.Class.ToString(),
                ["retryable"] = error.Retryable,
                ["nextStep"] = error.NextStep,
                ["message"] = error.DefaultMessage,
            });
        }

        root["components"]!["schemas"]!["ErrorCode"]!["enum"] = codes;
        root["x-lipsync-errors"] = errors;
        return JsonSerializer.SerializeToUtf8Bytes(root, OpenApiJson.Default.JsonNode);
    }
}
