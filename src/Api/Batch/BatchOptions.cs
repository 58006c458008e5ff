namespace Lipsync.Api.Batch;

/// <summary>Limits of the batch routes, section <c>Batch</c>.</summary>
public sealed class BatchOptions
{
    public const string SectionName = "Batch";

    /// <summary><c>POST /api/v1/timelines</c> is for short clips: body cap.</summary>
    public int SyncMaxBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary><c>POST /api/v1/timelines</c> calls one instance runs at once (the engine is CPU-bound).</summary>
    public int SyncConcurrency { get; set; } = Math.Max(2, 2 * Environment.ProcessorCount);

    /// <summary>Of those, the most one account may hold, so another account always finds a slot.</summary>
    public int SyncPerAccount { get; set; } = Math.Max(1, (2 * Environment.ProcessorCount) - 1);

    /// <summary>How long a call waits for a slot before it is answered 429 <c>rate_limited</c>.</summary>
    public TimeSpan SyncQueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>POST /api/v1/timelines</c>: longest clip; longer audio belongs in a job.</summary>
    public TimeSpan SyncMaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary><c>POST /api/v1/jobs</c> with audio in the body: body cap (larger files go straight to <c>audio-in</c>).</summary>
    public long JobUploadMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Longest time an audio body may take to arrive, from the first read (then <c>request_timeout</c>).</summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
