using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.Jobs.Events;
using Lipsync.Jobs.Output;
using Lipsync.Jobs.Records;
using Lipsync.Storage;

namespace Lipsync.Jobs.Submission;

/// <summary>
/// Turns an input blob version into a queued job: the record first (so it can be found and swept), then
/// the BlobCreated message. Submitting a version that already has a job changes nothing and sends
/// nothing: every producer (Event Grid, the local listener, the HTTP API) can submit freely.
/// </summary>
public sealed class JobSubmitter(StorageClients storage, JobStore jobs, TimeProvider time)
{
    private readonly BlobContainerClient _input = storage.Container(StorageNames.AudioInContainer);
    private readonly QueueClient _queue = storage.Queue(StorageNames.JobsQueue);

    /// <summary>Submits a version already in <c>audio-in</c>; null when the blob does not exist.</summary>
    public async Task<JobEntity?> SubmitExistingAsync(string name, string api, CancellationToken cancellationToken)
    {
        var blob = BlobNames.Client(_input, name);
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Exception e) when (StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("Blob storage is unavailable.", e);
        }

        return await SubmitAsync(new AudioInput(name, BlobEvents.Unquote(properties.ETag.ToString())), properties.ContentLength, properties.ContentType, api, cancellationToken);
    }

    /// <summary>
    /// Stores an uploaded body under <c>{account}/uploads/{id}{extension}</c> and submits it. The body
    /// stream's own limit decides how much is read.
    /// </summary>
    public async Task<JobEntity> UploadAndSubmitAsync(string accountId, Stream audio, string? contentType, CancellationToken cancellationToken)
    {
        var name = $"{accountId}/uploads/{Guid.NewGuid():N}{ExtensionFor(contentType)}";
        var blob = _input.GetBlobClient(name);
        BlobContentInfo uploaded;
        try
        {
            uploaded = (await blob.UploadAsync(audio, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType ?? "application/octet-stream" },
            }, cancellationToken)).Value;
        }
        catch (Exception e) when (StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("Blob storage is unavailable.", e);
        }

        return await SubmitAsync(new AudioInput(name, BlobEvents.Unquote(uploaded.ETag.ToString())), audio.CanSeek ? audio.Length : 0, contentType, "PutBlob", cancellationToken);
    }

    public async Task<JobEntity> SubmitAsync(AudioInput input, long contentLength, string? contentType, string api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        var (job, created) = await jobs.GetOrAddAsync(NewJob(input, now), cancellationToken);
        if (created)
        {
            await EnqueueAsync(job, contentLength, contentType, api, TimeSpan.Zero, cancellationToken);
        }

        return job;
    }

    /// <summary>Sends the job's BlobCreated message (again), visible after <paramref name="delay"/>.</summary>
    public async Task EnqueueAsync(JobEntity job, long contentLength, string? contentType, string api, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            await _queue.SendMessageAsync(MessageFor(job, contentLength, contentType, api), visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsOutage(e))
        {
            throw new ServiceUnavailableException("The job queue is unavailable.", e);
        }
    }

    /// <summary>The BlobCreated message (as Event Grid would write it) for a job's input version.</summary>
    public string MessageFor(JobEntity job, long contentLength, string? contentType, string api)
    {
        ArgumentNullException.ThrowIfNull(job);
        return BlobEvents.Serialize(BlobEvents.Create(_input.GetBlobClient(job.InputName).Uri, StorageNames.AudioInContainer, job.InputName, job.InputETag,
            contentLength, contentType, time.GetUtcNow(), api));
    }

    public static JobEntity NewJob(AudioInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new JobEntity
        {
            PartitionKey = JobIds.For(input),
            Status = JobStatus.Queued,
            InputName = input.Name,
            InputETag = BlobEvents.Unquote(input.ETag),
            OutputName = OutputNames.TimelineFor(input.Name),
            AccountId = OutputNames.AccountOf(input.Name),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static string ExtensionFor(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "audio/wav" or "audio/x-wav" or "audio/wave" or "audio/vnd.wave" => ".wav",
        "audio/mpeg" or "audio/mp3" => ".mp3",
        "audio/ogg" or "audio/vorbis" or "application/ogg" => ".ogg",
        "audio/opus" => ".opus",
        "audio/webm" or "video/webm" => ".webm",
        "audio/flac" or "audio/x-flac" => ".flac",
        "audio/mp4" or "audio/m4a" or "audio/x-m4a" or "video/mp4" => ".m4a",
        "audio/aac" or "audio/aacp" => ".aac",
        "audio/l16" or "audio/pcm" or "audio/x-pcm" => ".pcm",
        "audio/basic" or "audio/pcmu" => ".ulaw",
        "audio/pcma" => ".alaw",
        _ => ".audio",
    };

    /// <summary>Whether a failure code means the input itself is bad (an error file is written for it).</summary>
    internal static bool IsAboutTheAudio(string code) =>
        code is ErrorCodes.AudioEmpty or ErrorCodes.AudioUndecodable or ErrorCodes.AudioUnsupported or ErrorCodes.AudioTooLong or ErrorCodes.AudioTruncated;
}
