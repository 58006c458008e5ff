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
}
