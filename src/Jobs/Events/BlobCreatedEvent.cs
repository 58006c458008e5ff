using System.Text.Json.Serialization;

namespace Lipsync.Jobs.Events;

/// <summary>
/// The one message schema on <c>timeline-jobs</c>: an Event Grid <c>Microsoft.Storage.BlobCreated</c>
/// event in the Event Grid schema, as an Event Grid subscription writes it to a storage queue in Azure.
/// LocalHost's blob listener and <c>POST /api/v1/jobs</c> write the same shape. Only the fields we read
/// are modelled; others are ignored.
/// </summary>
public sealed record BlobCreatedEvent(
    string Id,
    string Subject,
    string EventType,
    DateTimeOffset EventTime,
    BlobCreatedData Data)
{
    public const string BlobCreatedType = "Microsoft.Storage.BlobCreated";

    public string? Topic { get; init; }

    public string DataVersion { get; init; } = "";

    public string MetadataVersion { get; init; } = "1";
}

/// <summary>The <c>data</c> of a BlobCreated event.</summary>
public sealed record BlobCreatedData(string Url, string ETag)
{
    public string? Api { get; init; }

    public string? ContentType { get; init; }

    public long ContentLength { get; init; }

    public string? BlobType { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(BlobCreatedEvent))]
internal sealed partial class JobsJsonContext : JsonSerializerContext;
