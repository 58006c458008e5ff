using System.Text.Json.Serialization;

namespace Lipsync.Contracts.Timelines;

/// <summary>A run-length-encoded cue: viseme <see cref="V"/> starts at <see cref="T"/> ms and holds until the next cue.</summary>
public readonly record struct VisemeCue(
    [property: JsonPropertyName("t")] int T,
    [property: JsonPropertyName("v")] int V);
