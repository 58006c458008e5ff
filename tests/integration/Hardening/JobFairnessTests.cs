using System.Diagnostics;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.Fuzzing;
using Lipsync.IntegrationTests.Jobs;

namespace Lipsync.IntegrationTests.Hardening;

/// <summary>
/// The hardening probe's findings 1 and 6 as the batch pipeline meets them: eight jobs whose decoder
/// never returns (the decode stall timeout is lifted to a minute here, so only the job deadline can
/// end them) used to stay <c>running</c> forever and hold another account's job queued for 90 s.
/// </summary>
public sealed class JobFairnessTests : IAsyncLifetime
{
    private PipelineHarness _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await PipelineHarness.StartAsync(new Dictionary<string, string?>
    {
        ["Engine__DecodeStallTimeout"] = "00:01:00",
        ["Jobs__ProcessingTimeout"] = "00:00:04",
        ["Jobs__MaxConcurrentPerAccount"] = "2",
        ["Jobs__DeferDelay"] = "00:00:01",
    });

    public Task DisposeAsync() => _pipeline.DisposeAsync().AsTask();

    [Fact]
    public async Task Stuck_jobs_end_at_the_deadline_and_cannot_starve_another_account()
    {
        var stuck = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            stuck.Add(Lipsync.Jobs.Records.JobIds.For(await _pipeline.DropAsync($"acme/stuck-{i}.ogg", Seeds.NVorbisStall)));
        }

        await Task.Delay(1500); // let acme's jobs take the workers first
        var clock = Stopwatch.StartNew();
        var other = Lipsync.Jobs.Records.JobIds.For(await _pipeline.DropAsync("beta/hello.ogg", Seeds.Ogg));
        var done = await _pipeline.WaitForJobsAsync([other], TimeSpan.FromSeconds(30));
        var otherTook = clock.Elapsed;

        Assert.Equal(JobStatus.Succeeded, done[other].Status);
        Assert.True(otherTook < TimeSpan.FromSeconds(15), $"beta's job waited {otherTook} behind acme's stuck ones");

        var ended = await _pipeline.WaitForJobsAsync(stuck, TimeSpan.FromSeconds(60));
        Assert.All(stuck, id =>
        {
            Assert.Equal(JobStatus.Failed, ended[id].Status);
            Assert.Equal(ErrorCodes.ProcessingTimeout, ended[id].ErrorCode);
            Assert.Equal(1, ended[id].Attempts); // deferrals spend no attempt
        });
        Assert.Equal(0, await _pipeline.PoisonCountAsync());
    }

    [Fact]
    public async Task Duplicate_messages_of_a_running_job_do_not_free_the_accounts_share()
    {
        // One stuck job of acme's runs; copies of its message arrive while it runs (the sweeper and Event
        // Grid both re-send). They must not give acme's slot back: a second stuck job stays queued.
        var first = await _pipeline.DropAsync("gamma/first.ogg", Seeds.NVorbisStall);
        var blob = _pipeline.Storage.Container(Lipsync.Storage.StorageNames.AudioInContainer).GetBlobClient(first.Name);
        var message = Lipsync.Jobs.Events.BlobEvents.Serialize(Lipsync.Jobs.Events.BlobEvents.Create(blob.Uri, Lipsync.Storage.StorageNames.AudioInContainer, first.Name, first.ETag, 0, null, DateTimeOffset.UtcNow, "PutBlob"));
        await WaitForStatusAsync(Lipsync.Jobs.Records.JobIds.For(first), JobStatus.Running);
        var queue = _pipeline.Storage.Queue(Lipsync.Storage.StorageNames.JobsQueue);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => queue.SendMessageAsync(message)));
        await Task.Delay(1500);

        var running = new List<int>();
        var second = await _pipeline.DropAsync("gamma/second.ogg", Seeds.NVorbisStall);
        var third = await _pipeline.DropAsync("gamma/third.ogg", Seeds.NVorbisStall);
        for (var i = 0; i < 12; i++)
        {
            var all = await _pipeline.AllJobsAsync();
            running.Add(all.Values.Count(j => j.AccountId == "gamma" && j.Status == JobStatus.Running));
            await Task.Delay(250);
        }

        Assert.True(running.Max() <= 2, $"gamma ran {running.Max()} jobs at once with a share of 2: {string.Join(",", running)}");
        await _pipeline.WaitForJobsAsync([Lipsync.Jobs.Records.JobIds.For(first), Lipsync.Jobs.Records.JobIds.For(second), Lipsync.Jobs.Records.JobIds.For(third)], TimeSpan.FromSeconds(60));
    }

    private async Task WaitForStatusAsync(string jobId, string status)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await _pipeline.JobAsync(jobId))?.Status == status)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"job {jobId} never became {status}");
    }
}
