using Azure.Storage.Queues.Models;
using Lipsync.Jobs.Processing;
using Lipsync.Jobs.Recovery;
using Lipsync.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Lipsync.Functions;

/// <summary>
/// The batch pipeline's triggers. In Azure an Event Grid subscription (infra/bicep) writes BlobCreated
/// events for <c>audio-in</c> to <c>timeline-jobs</c>, so there is no blob trigger here (Flex Consumption
/// supports only the Event Grid source); LocalHost stands in for Event Grid with a blob listener.
/// </summary>
public sealed class JobFunctions(TimelineJobProcessor processor, JobSweeper sweeper, RetentionSweeper retention)
{
    /// <summary>Queue settings (batch size, visibility timeout, max dequeue count) come from host.json.</summary>
    [Function("TimelineJob")]
    public Task TimelineJob([QueueTrigger(StorageNames.JobsQueue)] QueueMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(message.MessageText, message.DequeueCount, cancellationToken);

    /// <summary>
    /// Hands out jobs whose worker died, sooner than the 10-minute in-flight visibility. Every 5 minutes: a
    /// tighter schedule would keep a Flex Consumption app from ever scaling to zero.
    /// </summary>
    [Function("JobSweep")]
    public Task JobSweep([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);

    /// <summary>Deletes expired job records and usage rows (storage stays bounded), hourly at minute 17.</summary>
    [Function("RetentionSweep")]
    public Task RetentionSweep([TimerTrigger("0 17 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        retention.SweepAsync(cancellationToken);
}
