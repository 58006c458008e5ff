using Azure;
using Azure.Data.Tables;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;

namespace Lipsync.Jobs.Records;

/// <summary>
/// A job row in the <c>jobs</c> table: partition = job id, row <c>job</c>. Every state change is an
/// ETag-conditional replace, so two workers can never both move a job.
/// </summary>
public sealed class JobEntity : ITableEntity
{
    public const string JobRow = "job";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = JobRow;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Status { get; set; } = JobStatus.Queued;

    /// <summary>Blob name in <c>audio-in</c>.</summary>
    public string InputName { get; set; } = "";

    /// <summary>Unquoted ETag of the input version this job is for.</summary>
    public string InputETag { get; set; } = "";

    /// <summary>Blob name in <c>timelines</c>.</summary>
    public string OutputName { get; set; } = "";

    public string AccountId { get; set; } = "";

    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>When a queued job may be picked up again (retry backoff); the sweeper respects it.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public int? DurationMs { get; set; }

    public int? SpeechMs { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string JobId => PartitionKey;

    public bool IsTerminal => JobStatus.IsTerminal(Status);

    public bool IsLeasedAt(DateTimeOffset now) => Status == JobStatus.Running && LeaseUntil > now;

    public JobRecord ToRecord() => new(
        JobId,
        Status,
        $"{Storage.StorageNames.AudioInContainer}/{InputName}",
        $"{Storage.StorageNames.TimelinesContainer}/{OutputName}",
        ErrorCode is null ? null : new ErrorEnvelope(ErrorCode, ErrorMessage ?? ErrorCatalog.Get(ErrorCode).DefaultMessage),
        CreatedAt,
        UpdatedAt)
    {
        Attempts = Attempts,
        DurationMs = DurationMs,
        SpeechMs = SpeechMs,
    };
}
