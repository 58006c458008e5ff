using Azure.Storage.Queues;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.Contracts.Timelines;
using Lipsync.Jobs.Events;
using Lipsync.Jobs.Output;
using Lipsync.Jobs.Records;
using Lipsync.Storage;

namespace Lipsync.IntegrationTests.Jobs;

/// <summary>The drop zone through LocalHost's blob listener and queue trigger on Azurite.</summary>
[Collection(DropZoneGroup.Name)]
public sealed class DropZoneTests(DropZoneFixture fixture)
{
    private readonly PipelineHarness _pipeline = fixture.Pipeline;

    [Fact]
    public async Task Fifty_dropped_files_become_exactly_the_expected_timelines_error_files_and_job_records()
    {
        const string folder = "acme/batch/";
        Assert.Equal(48, fixture.Clips.Count);

        // 48 decodable files in four formats, nested folders, one undecodable file, and one name uploaded
        // twice (the second upload is new content for the same name: it must win).
        var versions = new List<AudioInput>();
        await Parallel.ForEachAsync(fixture.Clips.Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            // 's01.wav' and 's01.mp3' side by side: different inputs, different outputs ('s01.wav.json', 's01.mp3.json').
            var version = await _pipeline.DropAsync($"{folder}{(item.i % 3 == 0 ? "deep/er/" : "")}{item.c.Name}", item.c.Content);
            lock (versions)
            {
                versions.Add(version);
            }
        });
        var garbage = await _pipeline.DropAsync(folder + "broken.wav", [.. "RIFF\0\0\0\0WAVEjunk"u8, .. new byte[400]]);
        var replaced = versions.Single(v => v.Name.EndsWith("s05.mp3", StringComparison.Ordinal));
        var replacement = await _pipeline.DropAsync(replaced.Name, fixture.Clips.Single(c => c.Name == "s06.mp3").Content);
        Assert.NotEqual(replaced.ETag, replacement.ETag);

        var finalVersions = versions.Where(v => v != replaced).Append(replacement).ToList();
        var jobs = await _pipeline.WaitForJobsAsync(finalVersions.Append(garbage).Select(JobIds.For), TimeSpan.FromSeconds(150));

        // Job records tell the truth.
        foreach (var version in finalVersions)
        {
            var job = jobs[JobIds.For(version)];
            Assert.True(job.Status == JobStatus.Succeeded, $"{version.Name}: {job.Status} {job.ErrorCode} {job.ErrorMessage}");
            Assert.Equal(OutputNames.TimelineFor(version.Name), job.OutputName);
            Assert.Equal(PipelineHarness.Account, job.AccountId);
            Assert.True(job.SpeechMs > 500 && job.SpeechMs <= job.DurationMs, $"{version.Name}: speech {job.SpeechMs} of {job.DurationMs}");
        }

        var failed = jobs[JobIds.For(garbage)];
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal(ErrorCodes.AudioUndecodable, failed.ErrorCode);
        Assert.Equal(1, failed.Attempts); // permanent: no retries

        // The replaced version's job, if its event was delivered, may still be queued behind the others:
        // wait for it too, so it has either finished or found its input replaced before outputs are counted.
        if (jobs.ContainsKey(JobIds.For(replaced)))
        {
            var first = (await _pipeline.WaitForJobsAsync([JobIds.For(replaced)], TimeSpan.FromSeconds(60)))[JobIds.For(replaced)];
            Assert.True(first.Status is JobStatus.Succeeded || first.ErrorCode == ErrorCodes.InputReplaced, $"{first.Status} {first.ErrorCode}");
        }

        // Exactly one timeline per input name, for the current content; one error file; nothing else.
        var outputs = (await _pipeline.OutputsAsync()).Where(o => o.Key.StartsWith(folder, StringComparison.Ordinal)).ToDictionary();
        var expected = finalVersions.Select(v => OutputNames.TimelineFor(v.Name)).Append(OutputNames.ErrorFor(garbage.Name)).ToHashSet();
        Assert.Equal(expected.Order(), outputs.Keys.Order());
        foreach (var version in finalVersions)
        {
            var (content, metadata) = outputs[OutputNames.TimelineFor(version.Name)];
            Assert.Equal(version.ETag, metadata["sourceetag"]);
            var timeline = Timelines.ParseTimeline(content.ToString());
            Assert.Equal(jobs[JobIds.For(version)].SpeechMs, timeline.SpeechMs);
        }

        var envelope = ErrorEnvelope.TryParse(outputs[OutputNames.ErrorFor(garbage.Name)].Content.ToMemory().Span, out var e) ? e : null;
        Assert.Equal(ErrorCodes.AudioUndecodable, envelope?.Code);

        // The replacement carries the other sentence's timeline (s06), not the replaced s05's.
        var s06 = outputs[OutputNames.TimelineFor(versions.Single(v => v.Name.EndsWith("s06.mp3", StringComparison.Ordinal)).Name)].Content.ToString();
        Assert.Equal(Timelines.ParseTimeline(s06).Cues, Timelines.ParseTimeline(outputs[OutputNames.TimelineFor(replaced.Name)].Content.ToString()).Cues);

        // Usage: one row per succeeded job, summing the timelines' speech.
        var usage = (await _pipeline.UsageRowsAsync()).Where(r => finalVersions.Any(v => r.RowKey == $"job|{JobIds.For(v)}")).ToList();
        Assert.Equal(finalVersions.Count, usage.Count);
        Assert.Equal(finalVersions.Sum(v => jobs[JobIds.For(v)].SpeechMs ?? 0), usage.Sum(r => r.GetInt32("SpeechMs") ?? 0));
        Assert.Equal(0, await _pipeline.PoisonCountAsync());
    }

    [Fact]
    public async Task Duplicate_and_concurrent_deliveries_of_one_message_process_it_once()
    {
        var version = await _pipeline.DropAsync("acme/dup/once.ogg", fixture.Clips.Single(c => c.Name == "s01.ogg").Content);
        var blob = _pipeline.Storage.Container(StorageNames.AudioInContainer).GetBlobClient(version.Name);
        var message = BlobEvents.Serialize(BlobEvents.Create(blob.Uri, StorageNames.AudioInContainer, version.Name, version.ETag, 0, null, DateTimeOffset.UtcNow, "PutBlob"));

        // Eight copies at once (plus the listener's own): several workers hold the same job's message together.
        var queue = _pipeline.Storage.Queue(StorageNames.JobsQueue);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => queue.SendMessageAsync(message)));

        var jobId = JobIds.For(version);
        var jobs = await _pipeline.WaitForJobsAsync([jobId], TimeSpan.FromSeconds(60));
        await WaitForQueueToDrainAsync(queue);

        var job = await _pipeline.JobAsync(jobId);
        Assert.Equal(JobStatus.Succeeded, job!.Status);
        Assert.Equal(1, job.Attempts);
        Assert.Single(jobs.Values, j => j.InputName == version.Name);
        var outputs = (await _pipeline.OutputsAsync()).Where(o => o.Key.StartsWith("acme/dup/", StringComparison.Ordinal)).ToList();
        Assert.Single(outputs);
        Assert.Single(await _pipeline.UsageRowsAsync(), r => r.RowKey == $"job|{jobId}");
    }

    [Fact]
    public async Task A_message_that_is_not_a_job_goes_to_the_poison_queue_untouched()
    {
        var poison = _pipeline.Storage.Queue(StorageNames.JobsPoisonQueue);
        const string junk = "{\"hello\":\"world\"}";
        await _pipeline.Storage.Queue(StorageNames.JobsQueue).SendMessageAsync(junk);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var peeked = await poison.PeekMessagesAsync(32);
            if (peeked.Value.Any(m => m.Body.ToString() == junk))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the junk message never reached the poison queue");
            await Task.Delay(250);
        }

        // Clean up so the other tests' "poison is empty" holds.
        var received = await poison.ReceiveMessagesAsync(32);
        foreach (var m in received.Value.Where(m => m.Body.ToString() == junk))
        {
            await poison.DeleteMessageAsync(m.MessageId, m.PopReceipt);
        }
    }

    private static async Task WaitForQueueToDrainAsync(QueueClient queue)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
    }
}
