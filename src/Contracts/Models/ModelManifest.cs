using System.Text.Json.Serialization;

namespace Lipsync.Contracts.Models;

/// <summary>
/// <c>GET /api/v1/models/viseme</c>: the model an on-device engine should load. <see cref="Version"/> is
/// the first 16 hex digits of the file's SHA-256, so <see cref="Url"/> names immutable bytes that
/// browsers and CDNs may cache for good.
/// </summary>
public sealed record ModelManifest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256);
