using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.Jobs.Events;
using Lipsync.Jobs.Records;
using Lipsync.Storage;

namespace Lipsync.IntegrationTests.Jobs;

/// <summary>
/// A storage fault that does not go away (the output container was deleted): the job retries with
/// backoff, then fails with the attempts recorded and its message in the poison queue.
/// </summary>
public sealed class TransientFailureTests : IAsyncLifetime
{
    private PipelineHarness _pipeline = null!;

    public async Task InitializeAsync() =>
        _pipeline = await PipelineHarness.StartAsync(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = "3",
        });

    public Task DisposeAsync() => _pipeline.DisposeAsync().AsTask();

    [Fact]
    public async Task A_persistent_storage_fault_retries_then_fails_the_job_and_poisons_the_message()
    {
        await _pipeline.Storage.Container(StorageNames.TimelinesContainer).DeleteAsync();
        var wav = Path.Combine(Path.GetTempPath(), $"lipsync-transient-{Guid.NewGuid():N}.wav");
        await Infrastructure.AudioTools.SpeechWavAsync("Retry me, please.", wav);
        var version = await _pipeline.DropAsync("acme/transient/retry.wav", await File.ReadAllBytesAsync(wav));
        File.Delete(wav);

        var jobs = await _pipeline.WaitForJobsAsync([JobIds.For(version)], TimeSpan.FromSeconds(60));
        var job = jobs[JobIds.For(version)];

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(3, job.Attempts);
        Assert.Equal(ErrorCodes.ServiceUnavailable, job.ErrorCode);
        Assert.Contains("Gave up after 3 attempts", job.ErrorMessage, StringComparison.Ordinal);

        // The job is failed inside the last attempt; the host moves the message to poison only after that
        // attempt returns, so the poison queue may lag the job record by a moment.
        var poisonQueue = _pipeline.Storage.Queue(StorageNames.JobsPoisonQueue);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var poison = await poisonQueue.PeekMessagesAsync(10);
        while (poison.Value.Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            poison = await poisonQueue.PeekMessagesAsync(10);
        }

        var message = Assert.Single(poison.Value);
        Assert.True(BlobEvents.TryParse(message.Body.ToString(), out var input, out _));
        Assert.Equal(version, input);

        // Retries were spaced out (backoff), not immediate.
        Assert.True(job.UpdatedAt - job.CreatedAt >= TimeSpan.FromMilliseconds(300), $"{job.UpdatedAt - job.CreatedAt}");
    }
}
