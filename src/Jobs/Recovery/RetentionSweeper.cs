using Lipsync.Jobs.Records;
using Lipsync.Jobs.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lipsync.Jobs.Recovery;

/// <summary>
/// Keeps storage bounded: deletes finished job records older than <see cref="JobsOptions.RecordRetention"/>
/// and usage rows older than <see cref="JobsOptions.UsageRetention"/>. Idempotent, so two instances
/// running it at once only repeat deletes. Runs hourly in the Functions app and on a timer in LocalHost;
/// one run deletes at most <see cref="MaxJobsPerSweep"/> jobs (well inside a function's time limit), so
/// a backlog is worked off over several runs.
/// </summary>
public sealed partial class RetentionSweeper(JobStore jobs, UsageRetention usage, IOptions<JobsOptions> options, TimeProvider time, ILogger<RetentionSweeper> logger)
{
    public const int MaxJobsPerSweep = 5_000;

    public async Task<(int Jobs, int UsageRows)> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiredJobs = await jobs.ExpireAsync(now - options.Value.RecordRetention, MaxJobsPerSweep, cancellationToken);
        var expiredUsage = await usage.ExpireAsync(now - options.Value.UsageRetention, cancellationToken);
        if (expiredJobs + expiredUsage > 0)
        {
            LogExpired(logger, expiredJobs, expiredUsage);
        }

        return (expiredJobs, expiredUsage);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Jobs} finished job records and {UsageRows} usage rows")]
    private static partial void LogExpired(ILogger logger, int jobs, int usageRows);
}
