using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lipsync.Contracts.Serialization;

/// <summary>
/// The serializer metadata every wire type is written with: source-generated, plus relaxed escaping so
/// messages read as written (<c>'</c> rather than <c>\u0027</c>). Safe because bodies are served as
/// <c>application/json</c>, never embedded in HTML.
/// </summary>
public static class ContractsJson
{
    public static ContractsJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    });
}
