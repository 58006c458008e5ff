namespace Lipsync.Jobs;

/// <summary>Batch pipeline settings, section <c>Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// How long a worker owns a running job without renewing its lease. A crashed worker's job is
    /// taken over (by a redelivery or the sweeper) once this has passed.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the sweeper looks for jobs whose worker died or whose message was lost.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A queued job older than this with no progress gets its message sent again (a message lost between
    /// record and enqueue). Longer than the queue listener's 10-minute in-flight visibility, so
    /// backlogged messages are not duplicated for nothing.
    /// </summary>
    public TimeSpan QueuedGrace { get; set; } = TimeSpan.FromMinutes(12);

    /// <summary>LocalHost only: how often the drop-zone scanner (the local stand-in for Event Grid) lists <c>audio-in</c>.</summary>
    public TimeSpan DropZoneScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest input blob accepted; inputs past 64 MiB are spooled to a temporary file, not memory.</summary>
    public long MaxInputBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>First retry delay after a transient failure; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Longest a job may run once claimed (download, decode, inference, output); past it the job fails
    /// with <c>processing_timeout</c> and its worker is free again. 3 hours of audio takes under 2 minutes.
    /// </summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Running jobs one account may have on one instance; more wait in the queue (deferred, not failed).</summary>
    public int MaxConcurrentPerAccount { get; set; } = 2;

    /// <summary>How long a deferred job waits before its message is seen again.</summary>
    public TimeSpan DeferDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Memory the running jobs of one instance may hold between them (inputs, features, posteriors),
    /// besides the runtime, the model and the decode workers: 1024 MB suits the 2048 MB Flex instance
    /// that infra/bicep deploys by default (README, "Capacity").
    /// </summary>
    public int MemoryBudgetMb { get; set; } = 1024;

    /// <summary>
    /// How long after its creation a finished job's record (and its listing row) is kept; the retention
    /// sweep deletes older ones, so the jobs table holds about this many days of jobs. The timeline blob
    /// is not deleted.
    /// </summary>
    public TimeSpan RecordRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long usage rows (MAU, speech seconds) are kept: 13 months and a margin, for a year-on-year bill.</summary>
    public TimeSpan UsageRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>LocalHost only: how often the retention sweep runs (the Functions app runs it hourly).</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
