using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Lipsync.Storage;

namespace Lipsync.Jobs.Events;

/// <summary>A blob version in <c>audio-in</c> that a job turns into a timeline.</summary>
/// <param name="Name">Blob name inside the container (may contain '/').</param>
/// <param name="ETag">The content version, unquoted (<c>0x8D...</c>), as Event Grid reports it.</param>
public sealed record AudioInput(string Name, string ETag);

/// <summary>Writes and reads <see cref="BlobCreatedEvent"/> messages.</summary>
public static class BlobEvents
{
    private const string SubjectPrefix = "/blobServices/default/containers/";

    public static BlobCreatedEvent Create(Uri blobUri, string container, string name, string etag, long contentLength, string? contentType, DateTimeOffset now, string api) =>
        new(Guid.NewGuid().ToString(), $"{SubjectPrefix}{container}/blobs/{name}", BlobCreatedEvent.BlobCreatedType, now,
            new BlobCreatedData(blobUri.AbsoluteUri, Unquote(etag)) { Api = api, ContentLength = contentLength, ContentType = contentType, BlobType = "BlockBlob" });

    public static string Serialize(BlobCreatedEvent message) => JsonSerializer.Serialize(message, JobsJsonContext.Default.BlobCreatedEvent);

    /// <summary>
    /// Parses a queue message. False (with a reason) for anything that is not a BlobCreated event for a
    /// blob in <c>audio-in</c>: such messages are not jobs.
    /// </summary>
    public static bool TryParse(string message, [NotNullWhen(true)] out AudioInput? input, [NotNullWhen(false)] out string? reason)
    {
        input = null;
        BlobCreatedEvent? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(message, JobsJsonContext.Default.BlobCreatedEvent);
        }
        catch (JsonException e)
        {
            reason = $"not an Event Grid event ({e.Message})";
            return false;
        }

        if (parsed is null || parsed.Subject is null || parsed.Data is null || string.IsNullOrEmpty(parsed.Data.ETag))
        {
            reason = "the event has no subject or eTag";
            return false;
        }

        if (parsed.EventType != BlobCreatedEvent.BlobCreatedType)
        {
            reason = $"event type '{parsed.EventType}' is not {BlobCreatedEvent.BlobCreatedType}";
            return false;
        }

        var prefix = $"{SubjectPrefix}{StorageNames.AudioInContainer}/blobs/";
        if (!parsed.Subject.StartsWith(prefix, StringComparison.Ordinal) || parsed.Subject.Length == prefix.Length)
        {
            reason = $"subject '{parsed.Subject}' is not a blob in '{StorageNames.AudioInContainer}'";
            return false;
        }

        input = new AudioInput(parsed.Subject[prefix.Length..], Unquote(parsed.Data.ETag));
        reason = null;
        return true;
    }

    /// <summary>SDK ETags are quoted (<c>"0x8D..."</c>), Event Grid's are not: compare them unquoted.</summary>
    public static string Unquote(string etag) => etag.Trim('"');
}
