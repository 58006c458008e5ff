using Lipsync.Jobs;
using Lipsync.Jobs.Recovery;
using Microsoft.Extensions.Options;

namespace Lipsync.LocalHost;

/// <summary>The Functions app's <c>JobSweep</c> timer, as a background loop (the WebJobs timer extension does not run on .NET 10 here).</summary>
public sealed partial class JobSweepService(JobSweeper sweeper, IOptions<JobsOptions> options, TimeProvider time, ILogger<JobSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await sweeper.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage timeouts surface as OperationCanceledException too: only shutdown ends the loop.
                LogSweepFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job sweep failed; trying again at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
