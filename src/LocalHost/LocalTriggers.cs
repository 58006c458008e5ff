using Lipsync.Jobs.Processing;
using Lipsync.Storage;
using Microsoft.Azure.WebJobs;

namespace Lipsync.LocalHost;

/// <summary>
/// The batch triggers on the WebJobs SDK, the runtime the Functions host is built on: the same queue
/// listener (batch size, polling, dequeue count, poison queue) running the same processor as the
/// Functions app's <c>TimelineJob</c>. <see cref="DropZoneScanner"/> stands in for Event Grid.
/// </summary>
public sealed class LocalTriggers(TimelineJobProcessor processor)
{
    [FunctionName("TimelineJob")]
    public Task TimelineJob([QueueTrigger(StorageNames.JobsQueue)] string message, long dequeueCount, CancellationToken cancellationToken) =>
        processor.ProcessAsync(message, dequeueCount, cancellationToken);
}
