namespace Lipsync.LocalHost;

/// <summary>
/// Runs one piece of shared work at start and on every tick, until shutdown. A failure (storage
/// timeouts surface as OperationCanceledException too) is logged and retried at the next tick: a
/// background service that let one escape would stop the whole host.
/// </summary>
public abstract partial class PeriodicWork(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e, GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Work} failed; trying again at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception, string work);
}
