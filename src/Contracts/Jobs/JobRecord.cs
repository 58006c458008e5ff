using Lipsync.Contracts.Errors;

namespace Lipsync.Contracts.Jobs;

/// <summary>
/// A batch job as the API shows it (<c>GET /api/v1/jobs/{jobId}</c>): one input blob in <c>audio-in</c>,
/// one output in <c>timelines</c>. <see cref="Error"/> is set when <see cref="Status"/> is
/// <see cref="JobStatus.Failed"/> (and, while retrying, carries the last transient error).
/// </summary>
public sealed record JobRecord(
    string JobId,
    string Status,
    string Input,
    string Output,
    ErrorEnvelope? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Processing attempts so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Length of the input audio, once processed.</summary>
    public int? DurationMs { get; init; }

    /// <summary>Non-silent audio in the input (what usage counts), once processed.</summary>
    public int? SpeechMs { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsTerminal => JobStatus.IsTerminal(Status);
}

/// <summary>Job states: <c>queued -> running -> succeeded | failed</c> (running may fall back to queued to retry).</summary>
public static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static bool IsTerminal(string status) => status is Succeeded or Failed;
}

/// <summary><c>POST /api/v1/jobs</c> with a JSON body: process a blob already in <c>audio-in</c>.</summary>
public sealed record JobSubmitRequest(string? Blob);
