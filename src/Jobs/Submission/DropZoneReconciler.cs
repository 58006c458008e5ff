using Azure.Storage.Blobs.Models;
using Lipsync.Jobs.Events;
using Lipsync.Jobs.Records;
using Lipsync.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lipsync.Jobs.Submission;

/// <summary>
/// The local stand-in for Azure's Event Grid subscription: lists <c>audio-in</c> and submits every blob
/// version that has no job yet, which writes the same BlobCreated message Event Grid would. It reconciles
/// against the jobs table rather than remembering what it saw, so blobs dropped while the host was down,
/// or whose submission a crash interrupted, are picked up at the next pass. (The WebJobs blob trigger
/// keeps its own scan cursor and in-flight messages, and after a crash could leave a blob unseen for ten
/// minutes.) Lists the whole container: meant for LocalHost, not for Azure, which has Event Grid. Blobs
/// older than <see cref="JobsOptions.RecordRetention"/> are left alone: their job records may have been
/// deleted by the retention sweep, and submitting them again would process (and bill) them twice.
/// </summary>
public sealed partial class DropZoneReconciler(StorageClients storage, JobStore jobs, JobSubmitter submitter, IOptions<JobsOptions> options, TimeProvider time, ILogger<DropZoneReconciler> logger)
{
    private const int MaxRemembered = 1_000_000;
    private readonly HashSet<string> _known = [];

    /// <summary>One pass; not for concurrent use (one caller, on a timer).</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        if (_known.Count > MaxRemembered)
        {
            _known.Clear(); // forgetting costs one table read per blob at the next pass
        }

        // List first, then submit the new versions with a few requests in flight (a bulk drop lands in seconds).
        var fresh = new List<(AudioInput Input, long Length, string? ContentType)>();
        var retainedSince = time.GetUtcNow() - options.Value.RecordRetention;
        await foreach (var blob in storage.Container(StorageNames.AudioInContainer).GetBlobsAsync(new GetBlobsOptions(), cancellationToken))
        {
            var input = new AudioInput(blob.Name, BlobEvents.Unquote(blob.Properties.ETag?.ToString() ?? ""));
            if (input.ETag.Length > 0 && blob.Properties.LastModified >= retainedSince && !_known.Contains(JobIds.For(input)))
            {
                fresh.Add((input, blob.Properties.ContentLength ?? 0, blob.Properties.ContentType));
            }
        }

        await Parallel.ForEachAsync(fresh, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (blob, ct) =>
        {
            var jobId = JobIds.For(blob.Input);
            if (await jobs.GetAsync(jobId, ct) is null)
            {
                await submitter.SubmitAsync(blob.Input, blob.Length, blob.ContentType, "PutBlob", ct);
                LogSubmitted(logger, blob.Input.Name, jobId);
            }
        });
        _known.UnionWith(fresh.Select(b => JobIds.For(b.Input)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "New blob audio-in/{Name}: job {JobId} queued")]
    private static partial void LogSubmitted(ILogger logger, string name, string jobId);
}
