using Lipsync.Jobs.Events;

namespace Lipsync.UnitTests.Jobs;

public sealed class BlobEventsTests
{
    // The shape Event Grid writes to a storage queue for a BlobCreated event (Event Grid schema).
    private const string EventGridMessage = """
        {"topic":"/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
         "subject":"/blobServices/default/containers/audio-in/blobs/acme/talks/intro.wav",
         "eventType":"Microsoft.Storage.BlobCreated","id":"8f8d5b4e-1234","eventTime":"2026-11-26T08:00:00.1234567Z",
         "data":{"api":"PutBlob","clientRequestId":"c","requestId":"r","eTag":"0x8DCAFEBABE12345","contentType":"audio/wav",
                 "contentLength":524288,"blobType":"BlockBlob","url":"https://st.blob.core.windows.net/audio-in/acme/talks/intro.wav",
                 "sequencer":"000000000000000000000000000099240000000000c41c18","storageDiagnostics":{"batchId":"b"}},
         "dataVersion":"","metadataVersion":"1"}
        """;

    [Fact]
    public void An_Event_Grid_BlobCreated_message_names_the_input_version()
    {
        Assert.True(BlobEvents.TryParse(EventGridMessage, out var input, out var reason), reason);
        Assert.Equal(new AudioInput("acme/talks/intro.wav", "0x8DCAFEBABE12345"), input);
    }

    [Fact]
    public void What_we_write_reads_back_the_same_and_has_Event_Grids_field_names()
    {
        var message = BlobEvents.Serialize(BlobEvents.Create(new Uri("http://127.0.0.1:10000/devstoreaccount1/audio-in/a/b.mp3"),
            "audio-in", "a/b.mp3", "\"0x1DC\"", 42, "audio/mpeg", DateTimeOffset.UnixEpoch, "PutBlob"));

        Assert.Contains("\"eventType\":\"Microsoft.Storage.BlobCreated\"", message, StringComparison.Ordinal);
        Assert.Contains("\"eTag\":\"0x1DC\"", message, StringComparison.Ordinal);
        Assert.Contains("\"subject\":\"/blobServices/default/containers/audio-in/blobs/a/b.mp3\"", message, StringComparison.Ordinal);
        Assert.True(BlobEvents.TryParse(message, out var input, out _));
        Assert.Equal(new AudioInput("a/b.mp3", "0x1DC"), input);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("""{"subject":"/blobServices/default/containers/audio-in/blobs/x.wav","eventType":"Microsoft.Storage.BlobDeleted","id":"1","eventTime":"2026-01-01T00:00:00Z","data":{"url":"u","eTag":"0x1"}}""")]
    [InlineData("""{"subject":"/blobServices/default/containers/timelines/blobs/x.json","eventType":"Microsoft.Storage.BlobCreated","id":"1","eventTime":"2026-01-01T00:00:00Z","data":{"url":"u","eTag":"0x1"}}""")]
    [InlineData("""{"subject":"/blobServices/default/containers/audio-in/blobs/","eventType":"Microsoft.Storage.BlobCreated","id":"1","eventTime":"2026-01-01T00:00:00Z","data":{"url":"u","eTag":"0x1"}}""")]
    [InlineData("""{"subject":"/blobServices/default/containers/audio-in/blobs/x.wav","eventType":"Microsoft.Storage.BlobCreated","id":"1","eventTime":"2026-01-01T00:00:00Z","data":{"url":"u","eTag":""}}""")]
    public void Anything_else_is_not_a_job_and_says_why(string message)
    {
        Assert.False(BlobEvents.TryParse(message, out var input, out var reason));
        Assert.Null(input);
        Assert.False(string.IsNullOrEmpty(reason));
    }
}
