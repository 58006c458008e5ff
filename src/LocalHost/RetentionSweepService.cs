using Lipsync.Jobs;
using Lipsync.Jobs.Recovery;
using Microsoft.Extensions.Options;

namespace Lipsync.LocalHost;

/// <summary>The Functions app's daily <c>RetentionSweep</c> timer, on <see cref="JobsOptions.RetentionSweepInterval"/>.</summary>
public sealed class RetentionSweepService(RetentionSweeper sweeper, IOptions<JobsOptions> options, TimeProvider time, ILogger<RetentionSweepService> logger)
    : PeriodicWork(options.Value.RetentionSweepInterval, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
