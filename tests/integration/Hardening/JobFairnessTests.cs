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
        Assert.True(otherTook < TimeSpan.FromSeconds(8), $"beta's job waited {otherTook} behind acme's stuck ones");

        var ended = await _pipeline.WaitForJobsAsync(stuck, TimeSpan.FromSeconds(60));
        Assert.All(stuck, id =>
        {
            Assert.Equal(JobStatus.Failed, ended[id].Status);
            Assert.Equal(ErrorCodes.ProcessingTimeout, ended[id].ErrorCode);
            Assert.Equal(1, ended[id].Attempts); // deferrals spend no attempt
        });
        Assert.Equal(0, await _pipeline.PoisonCountAsync());
    }
}
