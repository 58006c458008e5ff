using Lipsync.Contracts.Jobs;
using Lipsync.Jobs.Records;
using Lipsync.Jobs.Submission;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lipsync.Jobs.Recovery;

/// <summary>
/// Hands out again the jobs nobody is working on: a running job whose lease expired (its worker crashed;
/// the queue would redeliver its message only after the listener's 10-minute in-flight visibility), and
/// a queued job stuck past <see cref="JobsOptions.QueuedGrace"/> (its message was lost). Taking the job
/// back to <c>queued</c> is ETag-checked, so a worker that was merely slow notices at its next renewal.
/// Runs on a timer in both hosts; duplicates it may cause are absorbed by the job's claim.
/// </summary>
public sealed partial class JobSweeper(JobStore jobs, JobSubmitter submitter, IOptions<JobsOptions> options, TimeProvider time, ILogger<JobSweeper> logger)
{
    /// <summary>Returns how many jobs were sent again.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var resent = 0;
        foreach (var jobId in await jobs.ActiveJobIdsAsync(cancellationToken))
        {
            var job = await jobs.GetAsync(jobId, cancellationToken);
            if (job is null || job.IsTerminal)
            {
                await jobs.RemoveFromActiveAsync(jobId, cancellationToken);
                continue;
            }

            var now = time.GetUtcNow();
            var abandoned = job.Status == JobStatus.Running && job.LeaseUntil <= now;
            var stuck = job.Status == JobStatus.Queued && Max(job.NotBefore, job.UpdatedAt) + options.Value.QueuedGrace <= now;
            if (!abandoned && !stuck)
            {
                continue;
            }

            job.Status = JobStatus.Queued;
            job.LeaseOwner = null;
            job.LeaseUntil = null;
            job.UpdatedAt = now;
            if (await jobs.TryReplaceAsync(job, cancellationToken))
            {
                await submitter.EnqueueAsync(job, 0, null, "Sweep", TimeSpan.Zero, cancellationToken);
                LogResent(logger, job.JobId, abandoned ? "its worker stopped renewing the lease" : "it waited too long in the queue");
                resent++;
            }
        }

        return resent;
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} sent again: {Reason}")]
    private static partial void LogResent(ILogger logger, string jobId, string reason);
}
