using System.Text;
using Azure.Storage.Queues;
using Lipsync.Contracts.Jobs;
using Lipsync.Fuzzing;
using Lipsync.Jobs.Records;
using Lipsync.Storage;

namespace Lipsync.IntegrationTests.Jobs;

/// <summary>
/// In Azure no scanner runs: Event Grid alone turns a drop into a job, by writing the BlobCreated event
/// (Event Grid schema, one event, UTF-8 JSON, base64-encoded) into <c>timeline-jobs</c>. Here that
/// message is written byte for byte with a raw queue client, the drop-zone scanner is held off, and the
/// host's queue trigger (the WebJobs storage-queue extension, which decodes base64 as the Functions host
/// does) must turn it into a finished job.
/// </summary>
public sealed class EventGridDeliveryTests
{
    [Fact]
    public async Task A_message_exactly_as_Event_Grid_writes_it_becomes_a_finished_job()
    {
        await using var pipeline = await PipelineHarness.StartAsync(new Dictionary<string, string?> { ["Jobs:DropZoneScanInterval"] = "01:00:00" });
        await Task.Delay(500); // the scanner's pass at start-up is over before the drop
        var input = await pipeline.DropAsync("acme/eventgrid/talk.wav", Seeds.Wav);
        var blobUrl = pipeline.Storage.Container(StorageNames.AudioInContainer).GetBlobClient(input.Name).Uri;
        var message = $$$"""
            {"topic":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-lipsync/providers/Microsoft.Storage/storageAccounts/devstoreaccount1","subject":"/blobServices/default/containers/audio-in/blobs/{{{input.Name}}}","eventType":"Microsoft.Storage.BlobCreated","id":"831e1650-001e-001b-66ab-eeb76e069631","data":{"api":"PutBlob","clientRequestId":"6d79dbfb-0e37-4fc4-981f-442c9ca65760","requestId":"831e1650-001e-001b-66ab-eeb76e000000","eTag":"{{{input.ETag}}}","contentType":"audio/wav","contentLength":{{{Seeds.Wav.Length}}},"blobType":"BlockBlob","url":"{{{blobUrl}}}","sequencer":"00000000000004420000000000028963","storageDiagnostics":{"batchId":"b68529f3-68cd-4744-baa4-3c0498ec19f0"}},"dataVersion":"","metadataVersion":"1","eventTime":"2026-11-30T03:00:00.1234567Z"}
            """;
        var raw = new QueueClient(pipeline.ConnectionString, StorageNames.JobsQueue); // no encoding of its own: the bytes below are the message
        await raw.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(message)));

        var jobs = await pipeline.WaitForJobsAsync([JobIds.For(input)], TimeSpan.FromSeconds(60));

        var job = Assert.Single(jobs).Value;
        Assert.True(job.Status == JobStatus.Succeeded, $"{job.Status} {job.ErrorCode} {job.ErrorMessage}");
        Assert.Equal(input.Name + ".json", job.OutputName);
        Assert.Equal(0, await pipeline.PoisonCountAsync());
    }
}
