using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Lipsync.Api.OpenApi;

/// <summary>Source-generated serialization of the document's JSON tree (no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class OpenApiJson : JsonSerializerContext;
