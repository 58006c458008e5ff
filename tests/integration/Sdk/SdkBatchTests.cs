using Lipsync.Client;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.IntegrationTests.Jobs;

namespace Lipsync.IntegrationTests.Sdk;

/// <summary>The SDK's batch calls against LocalHost's pipeline.</summary>
[Collection(DropZoneGroup.Name)]
public sealed class SdkBatchTests(DropZoneFixture fixture)
{
    private LipsyncClient Client => new(fixture.Pipeline.Host.BaseAddress, fixture.Pipeline.SecKey, fixture.Pipeline.Host.Client);

    private byte[] Clip(string name) => fixture.Clips.Single(c => c.Name == name).Content;

    [Fact]
    public async Task A_job_round_trip_submit_wait_fetch()
    {
        var submitted = await Client.SubmitJobAsync(new MemoryStream(Clip("s08.ogg")), "audio/ogg");
        Assert.Equal(JobStatus.Queued, submitted.Status);

        var done = await Client.WaitForJobAsync(submitted.JobId, TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(JobStatus.Succeeded, done.Status);

        var timeline = await Client.GetJobTimelineAsync(submitted.JobId);
        Assert.Equal(done.SpeechMs, timeline.SpeechMs);
        Assert.Equal(done.DurationMs, timeline.DurationMs);

        // The synchronous route gives the same timeline for the same audio.
        var direct = await Client.CreateTimelineAsync(new MemoryStream(Clip("s08.ogg")), "audio/ogg");
        Assert.Equal(timeline.Cues, direct.Cues);
    }

    [Fact]
    public async Task Batch_errors_arrive_typed()
    {
        var e = await Assert.ThrowsAnyAsync<LipsyncException>(() => Client.CreateTimelineAsync(new MemoryStream("nope"u8.ToArray()), "audio/wav"));
        Assert.Equal(ErrorCodes.AudioUnsupported, e.Code);
        Assert.False(e.Retryable);

        var missing = await Assert.ThrowsAnyAsync<LipsyncException>(() => Client.GetJobAsync(new string('a', 32)));
        Assert.Equal(ErrorCodes.JobNotFound, missing.Code);

        var unfinished = await Client.SubmitJobAsync(new MemoryStream(Clip("s09.wav")), "audio/wav");
        try
        {
            await Client.GetJobTimelineAsync(unfinished.JobId);
        }
        catch (LipsyncException early)
        {
            Assert.Equal(ErrorCodes.JobNotFinished, early.Code); // unless it was already done
        }
    }
}
