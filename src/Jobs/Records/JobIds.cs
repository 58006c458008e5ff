using System.Security.Cryptography;
using System.Text;
using Lipsync.Jobs.Events;

namespace Lipsync.Jobs.Records;

/// <summary>
/// A job is one version of one input blob: its id is derived from the blob name and ETag, so every
/// path that learns of that version (Event Grid, the local listener, <c>POST /api/v1/jobs</c>, a
/// duplicate delivery) names the same job, and a new upload under the same name is a new job.
/// </summary>
public static class JobIds
{
    public static string For(AudioInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{input.Name}\n{BlobEvents.Unquote(input.ETag)}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>Shape check before a table lookup: 32 lowercase hex digits.</summary>
    public static bool IsWellFormed(string? jobId) =>
        jobId is { Length: 32 } && jobId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
