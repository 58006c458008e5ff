using Azure.Storage.Blobs;
using Lipsync.Contracts.Errors;

namespace Lipsync.Jobs.Submission;

/// <summary>
/// The one rule for drop-zone blob names, whoever names the blob (the API, an upload, the drop-zone
/// scan, Event Grid): 1-1024 characters, no <c>\</c> (URI builders turn it into <c>/</c>), no empty,
/// <c>.</c> or <c>..</c> segments (the Storage SDK removes dot segments when it builds the URL, so
/// <c>a/../b/x.wav</c> would read <c>b/x.wav</c>), no control characters; and the client built for it
/// must address exactly that name, so the name that reaches storage is the name that was checked.
/// </summary>
public static class BlobNames
{
    public const int MaxLength = 1024;

    /// <summary>Why <paramref name="name"/> is refused, or null when it is acceptable.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return $"a blob name has 1 to {MaxLength} characters";
        }

        if (name.Contains('\\', StringComparison.Ordinal))
        {
            return "a blob name may not contain '\\'";
        }

        if (name.Any(char.IsControl))
        {
            return "a blob name may not contain control characters";
        }

        return name.Split('/').Any(s => s is "" or "." or "..")
            ? "a blob name may not have empty, '.' or '..' path segments"
            : null;
    }

    /// <summary>A client for a checked name; <c>invalid_blob_name</c> if the name is refused or the SDK would address another.</summary>
    public static BlobClient Client(BlobContainerClient container, string name)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (Problem(name) is { } problem)
        {
            throw Invalid(name, problem);
        }

        var client = container.GetBlobClient(name);
        return client.Name == name ? client : throw Invalid(name, "it does not address itself in a URL");
    }

    private static LipsyncException Invalid(string name, string problem) =>
        new(ErrorCodes.InvalidBlobName, $"The blob name '{Printable(name)}' is refused: {problem}. Rename the file and upload it again.");

    private static string Printable(string name) =>
        new(name.Take(200).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
