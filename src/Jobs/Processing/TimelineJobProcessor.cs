using System.Text.Json;
using Azure.Storage.Queues;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.Contracts.Serialization;
using Lipsync.Engine;
using Lipsync.Engine.Audio;
using Lipsync.Jobs.Events;
using Lipsync.Jobs.Output;
using Lipsync.Jobs.Records;
using Lipsync.Jobs.Submission;
using Lipsync.Jobs.Usage;
using Lipsync.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lipsync.Jobs.Processing;

/// <summary>
/// One delivery of a <c>timeline-jobs</c> message. Exactly-once in effect under at-least-once delivery:
/// <list type="bullet">
/// <item>the job is claimed with an ETag-checked lease, so of two workers (or two copies of a message) one runs it and the other acks;</item>
/// <item>the output is one conditional Put Blob stamped with the input version, so a re-run after a crash
/// recognises its own output and an older version never replaces a newer one's;</item>
/// <item>usage is an upsert keyed by job, the final state an ETag-checked write.</item>
/// </list>
/// Permanent failures (bad audio, missing or replaced input) fail the job at once; transient ones go back
/// to <c>queued</c> and are sent again with exponential backoff, until the attempts reach host.json's
/// <c>maxDequeueCount</c>: then the job fails and the message goes to <c>timeline-jobs-poison</c>.
/// </summary>
public sealed partial class TimelineJobProcessor(
    JobStore jobs,
    JobSubmitter submitter,
    OutputWriter outputs,
    SpeechUsage usage,
    TimelineEngine engine,
    JobAdmission admission,
    StorageClients storage,
    IOptions<JobsOptions> options,
    JobQueueSettings queueSettings,
    TimeProvider time,
    ILogger<TimelineJobProcessor> logger)
{
    private readonly JobsOptions _options = options.Value;
    private readonly QueueClient _poison = storage.Queue(StorageNames.JobsPoisonQueue);
    private readonly string _workerId = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Handles one message. Returns normally when the message may be deleted.</summary>
    public async Task ProcessAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!BlobEvents.TryParse(message, out var input, out var reason))
        {
            // Not a job: keep it where an operator will look, and do not retry it.
            LogNotAJob(logger, reason);
            await _poison.SendMessageAsync(message, cancellationToken);
            return;
        }

        var (job, _) = await jobs.GetOrAddAsync(JobSubmitter.NewJob(input, time.GetUtcNow()), cancellationToken);
        if (job.IsTerminal || job.IsLeasedAt(time.GetUtcNow()))
        {
            LogSkipped(logger, job.JobId, job.Status); // done, or another worker holds it
            return;
        }

        if (!admission.TryEnterAccount(job.AccountId))
        {
            // The account already runs its share here: look again later, without spending an attempt.
            LogDeferred(logger, job.JobId, job.AccountId);
            await submitter.EnqueueAsync(job, 0, null, "Deferred", _options.DeferDelay, cancellationToken);
            return;
        }

        try
        {
            var lease = await ClaimAsync(job, cancellationToken);
            if (lease is null)
            {
                return;
            }

            await using (lease)
            {
                LogStarted(logger, job.JobId, job.InputName, lease.Job.Attempts, dequeueCount);
                await RunAsync(lease, cancellationToken);
            }
        }
        finally
        {
            admission.LeaveAccount(job.AccountId);
        }
    }

    private async Task<JobLease?> ClaimAsync(JobEntity job, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            if (job.IsTerminal || job.IsLeasedAt(now))
            {
                // Done, or another worker holds it (if it dies, the sweeper hands the job out again).
                LogSkipped(logger, job.JobId, job.Status);
                return null;
            }

            if (job.Attempts >= queueSettings.MaxDequeueCount)
            {
                // Every attempt so far ended with its worker gone (no error to handle): a poison pill.
                await GiveUpAsync(job, ErrorCodes.EngineFailure, $"Gave up after {job.Attempts} attempts: the worker stopped during each.", cancellationToken);
                return null;
            }

            job.Status = JobStatus.Running;
            job.LeaseOwner = _workerId;
            job.LeaseUntil = now + _options.LeaseDuration;
            job.Attempts++;
            job.UpdatedAt = now;
            if (await jobs.TryReplaceAsync(job, cancellationToken))
            {
                return new JobLease(job, jobs, time, _options.LeaseDuration);
            }

            job = await jobs.GetAsync(job.JobId, cancellationToken) ?? throw new InvalidOperationException($"Job {job.JobId} vanished while being claimed.");
        }
    }

    private async Task RunAsync(JobLease lease, CancellationToken cancellationToken)
    {
        var job = lease.Job;
        using var deadline = new CancellationTokenSource(_options.ProcessingTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost, deadline.Token);
        var token = linked.Token;
        try
        {
            var input = BlobNames.Client(storage.Container(StorageNames.AudioInContainer), job.InputName);
            var (audio, lastModified, contentType, memory) = await InputDownload.OpenAsync(
                input, job.InputETag, _options.MaxInputBytes, (bytes, ct) => admission.ReserveMemoryAsync(admission.CostOf(bytes), ct), token);
            using var reserved = memory;
            var source = new SourceVersion(job.InputName, job.InputETag, lastModified, job.JobId);
            try
            {
                // On a thread of its own: the engine blocks, and the thread pool serves the queue listener and HTTP.
                // Headerless audio (audio/L16, audio/basic, ...) is read as its blob's content type declares.
                var raw = RawAudioFormat.TryParse(contentType, out var declared, out var problem)
                    ? declared
                    : throw new LipsyncException(ErrorCodes.AudioUnsupported, $"The input's content type cannot be read: {problem}");
                var timeline = await Task.Factory.StartNew(() => engine.Process(audio, raw, TimeSpan.MaxValue, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                var json = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(timeline, ContractsJson.Context.VisemeTimeline));
                await SucceedAsync(lease, source, json, timeline.SpeechMs, timeline.DurationMs, token);
            }
            catch (LipsyncException e) when (!e.Retryable)
            {
                await FailPermanentlyAsync(lease, e, source, token);
            }
            finally
            {
                await audio.DisposeAsync();
            }
        }
        catch (LipsyncException e) when (!e.Retryable)
        {
            // Input missing or replaced before download: nothing to write beside it.
            await FailPermanentlyAsync(lease, e, source: null, token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !lease.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var timeout = new LipsyncException(ErrorCodes.ProcessingTimeout, $"Processing took longer than the job deadline ({_options.ProcessingTimeout.TotalMinutes:0.#} min) and was stopped.");
            await FailPermanentlyAsync(lease, timeout, source: null, cancellationToken);
        }
        catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested)
        {
            LogLeaseLost(logger, job.JobId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Host stopping: expire the lease so the sweeper hands the job out at once, not after the
            // 10-minute in-flight visibility of this message.
            await lease.UpdateAsync(j => j.LeaseUntil = time.GetUtcNow(), CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            await RetryOrGiveUpAsync(lease, e, cancellationToken);
        }
    }

    private async Task SucceedAsync(JobLease lease, SourceVersion source, BinaryData json, int speechMs, int durationMs, CancellationToken token)
    {
        var job = lease.Job;
        if (!await InputIsCurrentAsync(job, token))
        {
            throw new LipsyncException(ErrorCodes.InputReplaced, ErrorCatalog.Get(ErrorCodes.InputReplaced).DefaultMessage);
        }

        var outcome = await outputs.WriteAsync(job.OutputName, json, source, token);
        if (outcome == WriteOutcome.Superseded)
        {
            throw new LipsyncException(ErrorCodes.InputReplaced, ErrorCatalog.Get(ErrorCodes.InputReplaced).DefaultMessage);
        }

        if (outcome == WriteOutcome.TakenByOtherInput)
        {
            throw new LipsyncException(ErrorCodes.OutputConflict, $"timelines/{job.OutputName} holds the timeline of a newer input with the same name stem.");
        }

        await outputs.DeleteIfOlderAsync(OutputNames.ErrorFor(job.InputName), source, token);
        await usage.RecordAsync(job.AccountId, $"job|{job.JobId}", speechMs, durationMs, time.GetUtcNow(), token);
        var done = await lease.UpdateAsync(j =>
        {
            j.Status = JobStatus.Succeeded;
            j.ErrorCode = null;
            j.ErrorMessage = null;
            j.SpeechMs = speechMs;
            j.DurationMs = durationMs;
        }, token);
        if (done)
        {
            await jobs.RemoveFromActiveAsync(job.JobId, token);
            LogSucceeded(logger, job.JobId, outcome, durationMs, speechMs);
        }
    }

    private async Task FailPermanentlyAsync(JobLease lease, LipsyncException error, SourceVersion? source, CancellationToken token)
    {
        var job = lease.Job;
        if (source is not null && JobSubmitter.IsAboutTheAudio(error.Code))
        {
            // The error file replaces this input's timeline of an older upload, which no longer describes the blob.
            var envelope = BinaryData.FromBytes(new ErrorEnvelope(error.Code, error.Message).ToUtf8Json());
            await outputs.WriteAsync(OutputNames.ErrorFor(job.InputName), envelope, source, token);
            await outputs.DeleteIfOlderAsync(job.OutputName, source, token);
        }

        if (await lease.UpdateAsync(j => SetError(j, JobStatus.Failed, error.Code, error.Message), token))
        {
            await jobs.RemoveFromActiveAsync(job.JobId, token);
            LogFailed(logger, job.JobId, error.Code, error.Message);
        }
    }

    private async Task RetryOrGiveUpAsync(JobLease lease, Exception error, CancellationToken cancellationToken)
    {
        var job = lease.Job;
        var code = error switch
        {
            ServiceUnavailableException => ErrorCodes.ServiceUnavailable,
            LipsyncException l => l.Code,
            _ when StorageFailures.IsOutage(error) => ErrorCodes.ServiceUnavailable,
            _ => ErrorCodes.EngineFailure,
        };
        var message = $"{ErrorCatalog.Get(code).DefaultMessage} (attempt {job.Attempts} of {queueSettings.MaxDequeueCount})";
        if (job.Attempts >= queueSettings.MaxDequeueCount)
        {
            LogGaveUp(logger, error, job.JobId, job.Attempts);
            if (await lease.UpdateAsync(j => SetError(j, JobStatus.Failed, code, $"Gave up after {j.Attempts} attempts: {ErrorCatalog.Get(code).DefaultMessage}"), cancellationToken))
            {
                await jobs.RemoveFromActiveAsync(job.JobId, cancellationToken);
                await SendToPoisonAsync(job, cancellationToken);
            }

            return;
        }

        var delay = RetryBackoff.Delay(job.Attempts, _options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared.NextDouble());
        LogRetrying(logger, error, job.JobId, job.Attempts, delay.TotalSeconds);
        if (await lease.UpdateAsync(j =>
            {
                SetError(j, JobStatus.Queued, code, message);
                j.NotBefore = time.GetUtcNow() + delay;
            }, cancellationToken))
        {
            // If this send fails the exception leaves the function: the host retries this very message.
            await submitter.EnqueueAsync(job, 0, null, "Retry", delay, cancellationToken);
        }
    }

    private async Task GiveUpAsync(JobEntity job, string code, string message, CancellationToken cancellationToken)
    {
        SetError(job, JobStatus.Failed, code, message);
        job.LeaseOwner = null;
        job.LeaseUntil = null;
        job.UpdatedAt = time.GetUtcNow();
        if (await jobs.TryReplaceAsync(job, cancellationToken))
        {
            await jobs.RemoveFromActiveAsync(job.JobId, cancellationToken);
            await SendToPoisonAsync(job, cancellationToken);
            LogFailed(logger, job.JobId, code, message);
        }
    }

    private async Task SendToPoisonAsync(JobEntity job, CancellationToken cancellationToken)
    {
        await _poison.SendMessageAsync(submitter.MessageFor(job, 0, null, "Retry"), cancellationToken);
    }

    private async Task<bool> InputIsCurrentAsync(JobEntity job, CancellationToken token)
    {
        try
        {
            var properties = await BlobNames.Client(storage.Container(StorageNames.AudioInContainer), job.InputName).GetPropertiesAsync(cancellationToken: token);
            return BlobEvents.Unquote(properties.Value.ETag.ToString()) == job.InputETag;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static void SetError(JobEntity job, string status, string code, string message)
    {
        job.Status = status;
        job.ErrorCode = code;
        job.ErrorMessage = message;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} deferred: account {AccountId} already runs its share of this instance")]
    private static partial void LogDeferred(ILogger logger, string jobId, string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message on the jobs queue is not a job ({Reason}); moved to the poison queue")]
    private static partial void LogNotAJob(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started for {Input} (attempt {Attempt}, delivery {DequeueCount})")]
    private static partial void LogStarted(ILogger logger, string jobId, string input, int attempt, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} is {Status}: this delivery has nothing to do")]
    private static partial void LogSkipped(ILogger logger, string jobId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} succeeded ({Outcome}, {DurationMs} ms audio, {SpeechMs} ms speech)")]
    private static partial void LogSucceeded(ILogger logger, string jobId, WriteOutcome outcome, int durationMs, int speechMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} failed: {Code} {Message}")]
    private static partial void LogFailed(ILogger logger, string jobId, string code, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} lost its lease to another worker; leaving it to them")]
    private static partial void LogLeaseLost(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt} failed; retrying in {DelaySeconds:F1} s")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string jobId, int attempt, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed after {Attempts} attempts; message moved to the poison queue")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string jobId, int attempts);
}
