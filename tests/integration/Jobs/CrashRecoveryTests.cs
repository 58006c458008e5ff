using Lipsync.Contracts.Jobs;
using Lipsync.Contracts.Timelines;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.Jobs.Events;
using Lipsync.Jobs.Output;
using Lipsync.Jobs.Records;

namespace Lipsync.IntegrationTests.Jobs;

/// <summary>SIGKILL LocalHost with jobs in flight, start it again: every input processed exactly once.</summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lipsync-crash-" + Guid.NewGuid().ToString("N")[..8]);
    private PipelineHarness _pipeline = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _pipeline = await PipelineHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Killing_the_host_mid_batch_loses_and_duplicates_nothing()
    {
        // Two-minute recordings: each job takes long enough that a kill lands inside some.
        var speech = Path.Combine(_dir, "speech.wav");
        await AudioTools.SpeechWavAsync("One two three four five six seven eight nine ten. The rain in Spain stays mainly in the plain.", speech);
        var longWav = Path.Combine(_dir, "long.wav");
        await AudioTools.RunAsync("sox", speech, longWav, "repeat", "30");
        var content = await File.ReadAllBytesAsync(longWav);

        var versions = new List<AudioInput>();
        for (var i = 0; i < 16; i++)
        {
            versions.Add(await _pipeline.DropAsync($"acme/crash/take{i:D2}.wav", [.. content.AsSpan(0, content.Length - (i * 2))]));
        }

        // Kill as soon as a job is running (not merely queued).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await _pipeline.AllJobsAsync()).Values.Any(j => j.Status == JobStatus.Running))
        {
            Assert.True(DateTime.UtcNow < deadline, "no job started\n" + _pipeline.Host.Output);
            await Task.Delay(20);
        }

        await _pipeline.Host.KillAsync();
        var atKill = await _pipeline.AllJobsAsync();
        var interrupted = atKill.Values.Where(j => j.Status == JobStatus.Running).Select(j => j.JobId).ToList();
        Assert.NotEmpty(interrupted);
        await _pipeline.Host.DisposeAsync();

        await _pipeline.StartHostAsync();
        var jobs = await _pipeline.WaitForJobsAsync(versions.Select(JobIds.For), TimeSpan.FromSeconds(180));

        Assert.Equal(versions.Count, jobs.Count);
        Assert.All(jobs.Values, j => Assert.Equal(JobStatus.Succeeded, j.Status));
        Assert.All(interrupted, id => Assert.True(jobs[id].Attempts >= 2, $"interrupted job {id} ran {jobs[id].Attempts} time(s)"));

        var outputs = (await _pipeline.OutputsAsync()).Where(o => o.Key.StartsWith("acme/crash/", StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(versions.Select(v => OutputNames.TimelineFor(v.Name)).Order(), outputs.Keys.Order());
        foreach (var version in versions)
        {
            var (blob, metadata) = outputs[OutputNames.TimelineFor(version.Name)];
            Assert.Equal(version.ETag, metadata["sourceetag"]);
            var timeline = Timelines.ParseTimeline(blob.ToString()); // whole, never partial
            Assert.Equal(jobs[JobIds.For(version)].DurationMs, timeline.DurationMs);
        }

        var usage = (await _pipeline.UsageRowsAsync()).Where(r => r.RowKey.StartsWith("job|", StringComparison.Ordinal)).ToList();
        Assert.Equal(versions.Count, usage.Count);
        Assert.Equal(0, await _pipeline.PoisonCountAsync());
    }
}
