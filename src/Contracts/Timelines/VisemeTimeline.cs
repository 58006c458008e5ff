using System.Text.Json;
using System.Text.Json.Serialization;
using Lipsync.Contracts.Serialization;

namespace Lipsync.Contracts.Timelines;

/// <summary>
/// VisemeTimeline v1: one viseme per <see cref="FrameMs"/> frame, run-length encoded as cues.
/// Build with <see cref="Timelines.FramesToTimeline"/>; read untrusted JSON only through
/// <see cref="Timelines.ParseTimeline(string)"/>.
/// </summary>
public sealed record VisemeTimeline
{
    /// <summary>The only version this build reads and writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The default and conventional frame interval.</summary>
    public const int DefaultFrameMs = 10;

    [JsonPropertyName("version")]
    public required int Version { get; init; }

    /// <summary>Total audio duration in ms.</summary>
    [JsonPropertyName("durationMs")]
    public required int DurationMs { get; init; }

    /// <summary>Non-silent ms (metering); never more than <see cref="DurationMs"/>.</summary>
    [JsonPropertyName("speechMs")]
    public required int SpeechMs { get; init; }

    /// <summary>Frame interval cues align to.</summary>
    [JsonPropertyName("frameMs")]
    public required int FrameMs { get; init; }

    /// <summary>Cues with strictly increasing <c>t</c>, the first at 0, one per change of viseme.</summary>
    [JsonPropertyName("cues")]
    public required IReadOnlyList<VisemeCue> Cues { get; init; }

    /// <summary>Compact UTF-8 JSON (source-generated serializer).</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, ContractsJson.Context.VisemeTimeline);

    /// <summary>Compact JSON string.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ContractsJson.Context.VisemeTimeline);

    /// <summary>Writes compact JSON to a stream.</summary>
    public Task WriteJsonAsync(Stream destination, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(destination, this, ContractsJson.Context.VisemeTimeline, cancellationToken);
}
