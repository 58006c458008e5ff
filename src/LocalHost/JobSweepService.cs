using Lipsync.Jobs;
using Lipsync.Jobs.Recovery;
using Microsoft.Extensions.Options;

namespace Lipsync.LocalHost;

/// <summary>The Functions app's <c>JobSweep</c> timer (the WebJobs timer extension does not run on .NET 10 here).</summary>
public sealed class JobSweepService(JobSweeper sweeper, IOptions<JobsOptions> options, TimeProvider time, ILogger<JobSweepService> logger)
    : PeriodicWork(options.Value.SweepInterval, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
