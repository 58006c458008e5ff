using System.Globalization;

namespace Lipsync.Jobs.Output;

/// <summary>
/// The input version an output was made from, stamped on the output blob's metadata: re-runs of the same
/// version recognise their own output, and an older version never overwrites a newer one's.
/// </summary>
public sealed record SourceVersion(string Name, string ETag, DateTimeOffset LastModified, string JobId)
{
    internal const string NameKey = "sourcename";
    internal const string ETagKey = "sourceetag";
    internal const string ModifiedKey = "sourcemodified";
    internal const string JobKey = "jobid";

    public Dictionary<string, string> ToMetadata() => new()
    {
        [NameKey] = Uri.EscapeDataString(Name), // metadata values are ASCII
        [ETagKey] = ETag,
        [ModifiedKey] = LastModified.UtcTicks.ToString(CultureInfo.InvariantCulture),
        [JobKey] = JobId,
    };

    /// <summary>Null when the metadata is missing or foreign (then the blob is treated as older).</summary>
    public static SourceVersion? FromMetadata(IDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.TryGetValue(ETagKey, out var etag)
            && metadata.TryGetValue(ModifiedKey, out var ticksText)
            && long.TryParse(ticksText, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks is > 0 and < 3_155_378_975_999_999_999
            ? new SourceVersion(metadata.TryGetValue(NameKey, out var name) ? Uri.UnescapeDataString(name) : "", etag, new DateTimeOffset(ticks, TimeSpan.Zero), metadata.TryGetValue(JobKey, out var job) ? job : "")
            : null;
    }

    /// <summary>Whether this version is newer than <paramref name="other"/> (ties go to the later writer).</summary>
    public bool IsAtLeastAsNewAs(SourceVersion? other) => other is null || LastModified >= other.LastModified;
}
