using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.Contracts.Serialization;
using Lipsync.Contracts.Timelines;
using Lipsync.Fuzzing;
using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Jobs;

/// <summary><c>POST /api/v1/timelines</c> and the job routes over real HTTP.</summary>
[Collection(DropZoneGroup.Name)]
public sealed class BatchApiTests(DropZoneFixture fixture)
{
    private readonly PipelineHarness _pipeline = fixture.Pipeline;

    private HttpClient Client => _pipeline.Host.Client;

    private byte[] Clip(string name) => fixture.Clips.Single(c => c.Name == name).Content;

    [Fact]
    public async Task Sync_timeline_returns_a_valid_timeline_for_each_format()
    {
        foreach (var (name, type) in new[] { ("s02.wav", "audio/wav"), ("s02-44k.wav", "audio/wav"), ("s02.mp3", "audio/mpeg"), ("s02.ogg", "audio/ogg") })
        {
            using var response = await Client.SendAsync(Audio(HttpMethod.Post, "/api/v1/timelines", Clip(name), type));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {body}");
            var timeline = Timelines.ParseTimeline(body);
            Assert.InRange(timeline.SpeechMs, 1000, timeline.DurationMs);
        }
    }

    [Fact]
    public async Task Sync_timeline_reads_what_browsers_tts_services_and_phones_send_as_sent()
    {
        // The same 2.5 s sentence, losslessly (FLAC) and as a browser, a TTS service or a phone line sends it.
        var lossless = await TimelineAsync(Seeds.Flac, "audio/flac");
        foreach (var (bytes, type, longerBy) in new[]
        {
            (Seeds.Opus, "audio/ogg; codecs=opus", 40),
            (Seeds.Webm, "audio/webm;codecs=opus", 40), // WebM has no end position: the last packet's padding stays
            (Seeds.Webm, "video/webm", 40),
            (Seeds.Adts, "audio/aac", 60), // AAC without an edit list keeps its priming and last-frame padding
            (Seeds.FragmentedMp4, "audio/mp4", 60), // as Safari records: AAC in fragmented MP4
            (Seeds.FragmentedMp4, "video/mp4", 60),
            (Seeds.MuLawWav, "audio/wav", 40),
            (DataChunk(Seeds.MuLawWav), "audio/basic", 40),
        })
        {
            var timeline = await TimelineAsync(bytes, type);
            Assert.InRange(timeline.DurationMs, lossless.DurationMs - 20, lossless.DurationMs + longerBy);
            Assert.InRange(timeline.SpeechMs, lossless.SpeechMs * 0.85, lossless.SpeechMs * 1.15);
        }

        // A browser's own recording (Chromium MediaRecorder: live WebM, sizes unknown), posted as recorded.
        var recorded = await TimelineAsync(Seeds.MediaRecorderWebm, "audio/webm;codecs=opus");
        Assert.InRange(recorded.SpeechMs, lossless.SpeechMs * 0.7, recorded.DurationMs);
        var recordedMp4 = await TimelineAsync(Seeds.MediaRecorderMp4, "audio/mp4;codecs=opus");
        Assert.InRange(recordedMp4.SpeechMs, lossless.SpeechMs * 0.7, recordedMp4.DurationMs);

        // Headerless 16-bit PCM in both byte orders reads exactly like the WAV it came from.
        var wav = Clip("s02.wav");
        var fromWav = await TimelineAsync(wav, "audio/wav");
        var littleEndian = DataChunk(wav);
        var bigEndian = littleEndian.Chunk(2).SelectMany(p => p.Reverse()).ToArray();
        Assert.Equal(fromWav.Cues, (await TimelineAsync(littleEndian, "audio/pcm;rate=16000")).Cues);
        Assert.Equal(fromWav.Cues, (await TimelineAsync(bigEndian, "audio/L16; rate=16000; channels=1")).Cues);
    }

    [Fact]
    public async Task Headerless_audio_needs_its_rate_and_a_job_reads_it_as_its_upload_was_typed()
    {
        var pcm = DataChunk(Clip("s03.wav"));
        await AssertError(Audio(HttpMethod.Post, "/api/v1/timelines", pcm, "audio/L16"), 415, ErrorCodes.UnsupportedMediaType);
        await AssertError(Audio(HttpMethod.Post, "/api/v1/jobs", pcm, "audio/pcm;rate=99"), 415, ErrorCodes.UnsupportedMediaType);

        // The upload's type is kept on the blob; the job decodes the samples by it.
        using var submitted = await Client.SendAsync(Audio(HttpMethod.Post, "/api/v1/jobs", pcm, "audio/pcm;rate=16000"));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = await PollAsync(Record(await submitted.Content.ReadAsStringAsync()).JobId);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal((await TimelineAsync(Clip("s03.wav"), "audio/wav")).SpeechMs, job.SpeechMs);
    }

    [Fact]
    public async Task Sync_timeline_refuses_bad_input_with_stable_codes()
    {
        await AssertError(Audio(HttpMethod.Post, "/api/v1/timelines", [.. "RIFF\0\0\0\0WAVEjunk"u8, .. new byte[64]], "audio/wav"), 422, ErrorCodes.AudioUndecodable);
        await AssertError(Audio(HttpMethod.Post, "/api/v1/timelines", "not audio"u8.ToArray(), "audio/wav"), 415, ErrorCodes.AudioUnsupported);
        await AssertError(Audio(HttpMethod.Post, "/api/v1/timelines", [], "audio/wav"), 422, ErrorCodes.AudioEmpty);
        await AssertError(Audio(HttpMethod.Post, "/api/v1/timelines", "{}"u8.ToArray(), "application/json"), 415, ErrorCodes.UnsupportedMediaType);
        await AssertError(Audio(HttpMethod.Post, "/api/v1/timelines", new byte[4_300_000], "audio/wav"), 413, ErrorCodes.PayloadTooLarge);

        // Chunked, no declared length: the cap still holds while reading.
        var chunked = Audio(HttpMethod.Post, "/api/v1/timelines", [], "audio/wav");
        chunked.Content = new StreamContent(new MemoryStream(new byte[4_300_000]));
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        chunked.Headers.TransferEncodingChunked = true;
        await AssertError(chunked, 413, ErrorCodes.PayloadTooLarge);
    }

    [Fact]
    public async Task A_file_that_stalls_the_vorbis_codec_is_refused_in_seconds_and_the_host_keeps_serving()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await AssertError(Audio(HttpMethod.Post, "/api/v1/timelines", Lipsync.Fuzzing.Seeds.NVorbisStall, "audio/ogg"), 422, ErrorCodes.AudioUndecodable);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");

        using var submitted = await Client.SendAsync(Audio(HttpMethod.Post, "/api/v1/jobs", Lipsync.Fuzzing.Seeds.NVorbisStall, "audio/ogg"));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var failed = await PollAsync(Record(await submitted.Content.ReadAsStringAsync()).JobId);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal(ErrorCodes.AudioUndecodable, failed.Error?.Code);

        using var fine = await Client.SendAsync(Audio(HttpMethod.Post, "/api/v1/timelines", Clip("s02.ogg"), "audio/ogg"));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Theory]
    [InlineData("acme/..\\b\\x.wav")]
    [InlineData("acme/../other/x.wav")]
    [InlineData("acme/./x.wav")]
    public async Task Submitting_a_blob_name_that_could_escape_its_folder_is_invalid_blob_name(string blob)
    {
        using var request = LocalHostProcess.Request(HttpMethod.Post, "/api/v1/jobs", _pipeline.SecKey, json: JsonSerializer.Serialize(new Dictionary<string, string> { ["blob"] = blob }));
        await AssertError(request, 400, ErrorCodes.InvalidBlobName);
    }

    [Fact]
    public async Task Batch_routes_need_a_secret_or_dev_key()
    {
        await AssertError(Audio(HttpMethod.Post, "/api/v1/timelines", Clip("s03.wav"), "audio/wav", key: null), 401, ErrorCodes.MissingBearer);
        await AssertError(Audio(HttpMethod.Post, "/api/v1/jobs", Clip("s03.wav"), "audio/wav", key: "lsk_sec_" + new string('x', 32)), 401, ErrorCodes.InvalidApiKey);
        await AssertError(LocalHostProcess.Request(HttpMethod.Get, "/api/v1/jobs/" + new string('0', 32)), 401, ErrorCodes.MissingBearer);
    }

    [Fact]
    public async Task A_job_posted_with_audio_runs_and_its_timeline_can_be_fetched()
    {
        using var submitted = await Client.SendAsync(Audio(HttpMethod.Post, "/api/v1/jobs", Clip("s04.mp3"), "audio/mpeg"));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = Record(await submitted.Content.ReadAsStringAsync());
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.StartsWith("audio-in/acme/uploads/", job.Input, StringComparison.Ordinal);
        Assert.EndsWith(".mp3", job.Input, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/jobs/{job.JobId}", submitted.Headers.Location?.OriginalString);

        var finished = await PollAsync(job.JobId);
        Assert.Equal(JobStatus.Succeeded, finished.Status);
        Assert.Equal("timelines/" + job.Input["audio-in/".Length..] + ".json", finished.Output);

        using var timeline = await Client.SendAsync(Get($"/api/v1/jobs/{job.JobId}/timeline"));
        Assert.Equal(HttpStatusCode.OK, timeline.StatusCode);
        Assert.Equal(finished.SpeechMs, Timelines.ParseTimeline(await timeline.Content.ReadAsStringAsync()).SpeechMs);
    }

    [Fact]
    public async Task A_job_for_a_blob_already_in_the_drop_zone_is_the_same_job_the_listener_makes()
    {
        var version = await _pipeline.DropAsync("acme/api/existing.wav", Clip("s07.wav"));
        using var submitted = await Client.SendAsync(Json(HttpMethod.Post, "/api/v1/jobs", """{"blob":"acme/api/existing.wav"}"""));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = Record(await submitted.Content.ReadAsStringAsync());
        Assert.Equal(Lipsync.Jobs.Records.JobIds.For(version), job.JobId);
        Assert.Equal(JobStatus.Succeeded, (await PollAsync(job.JobId)).Status);
        Assert.Equal(1, (await _pipeline.JobAsync(job.JobId))!.Attempts);
    }

    [Fact]
    public async Task Job_routes_refuse_what_they_cannot_do_with_stable_codes()
    {
        await AssertError(Json(HttpMethod.Post, "/api/v1/jobs", """{"blob":"acme/api/nothing-here.wav"}"""), 404, ErrorCodes.BlobNotFound);
        await AssertError(Json(HttpMethod.Post, "/api/v1/jobs", """{"blob":"other/secret.wav"}"""), 400, ErrorCodes.InvalidRequest);
        await AssertError(Json(HttpMethod.Post, "/api/v1/jobs", """{"blob":"acme/../other/x.wav"}"""), 400, ErrorCodes.InvalidBlobName);
        await AssertError(Json(HttpMethod.Post, "/api/v1/jobs", """{"blob":42}"""), 400, ErrorCodes.InvalidRequest);
        await AssertError(Json(HttpMethod.Post, "/api/v1/jobs", """{"blob":"""), 400, ErrorCodes.InvalidJson);
        await AssertError(Get("/api/v1/jobs/" + new string('0', 32)), 404, ErrorCodes.JobNotFound);
        await AssertError(Get("/api/v1/jobs/not-a-job-id"), 404, ErrorCodes.JobNotFound);
        await AssertError(Get($"/api/v1/jobs/{new string('0', 32)}/timeline"), 404, ErrorCodes.JobNotFound);
        await AssertError(Audio(HttpMethod.Post, "/api/v1/jobs", new byte[4_300_000], "audio/wav"), 413, ErrorCodes.PayloadTooLarge);
        var chunked = Audio(HttpMethod.Post, "/api/v1/jobs", [], "audio/wav");
        chunked.Content = new StreamContent(new MemoryStream(new byte[4_300_000]));
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        chunked.Headers.TransferEncodingChunked = true;
        await AssertError(chunked, 413, ErrorCodes.PayloadTooLarge); // streamed to storage, cut off at the cap
        await AssertError(LocalHostProcess.Request(HttpMethod.Delete, "/api/v1/jobs/" + new string('0', 32), _pipeline.SecKey), 405, ErrorCodes.MethodNotAllowed);

        // A failed job's timeline answers with the job's error.
        using var bad = await Client.SendAsync(Audio(HttpMethod.Post, "/api/v1/jobs", "definitely not audio"u8.ToArray(), "audio/wav"));
        var job = await PollAsync(Record(await bad.Content.ReadAsStringAsync()).JobId);
        Assert.Equal(ErrorCodes.AudioUnsupported, job.Error?.Code);
        await AssertError(Get($"/api/v1/jobs/{job.JobId}/timeline"), 415, ErrorCodes.AudioUnsupported);
    }

    private async Task<JobRecord> PollAsync(string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await Client.SendAsync(Get($"/api/v1/jobs/{jobId}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var record = Record(await response.Content.ReadAsStringAsync());
            if (record.IsTerminal)
            {
                return record;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {record.Status}");
            await Task.Delay(200);
        }
    }

    private async Task AssertError(HttpRequestMessage request, int status, string code)
    {
        using (request)
        {
            using var response = await Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"{request.RequestUri}: expected {status}, got {(int)response.StatusCode} {body}");
            Assert.True(ErrorEnvelope.TryParse(System.Text.Encoding.UTF8.GetBytes(body), out var envelope), body);
            Assert.Equal(code, envelope.Code);
            Assert.False(string.IsNullOrEmpty(envelope.RequestId));
        }
    }

    private async Task<VisemeTimeline> TimelineAsync(byte[] audio, string contentType)
    {
        using var response = await Client.SendAsync(Audio(HttpMethod.Post, "/api/v1/timelines", audio, contentType));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{contentType}: {body}");
        return Timelines.ParseTimeline(body);
    }

    /// <summary>The samples of a WAV file, without its header.</summary>
    private static byte[] DataChunk(byte[] wav)
    {
        var at = wav.AsSpan().IndexOf("data"u8);
        return wav[(at + 8)..];
    }

    private static JobRecord Record(string json) => JsonSerializer.Deserialize(json, ContractsJson.Context.JobRecord)!;

    private HttpRequestMessage Get(string path) => LocalHostProcess.Request(HttpMethod.Get, path, _pipeline.SecKey);

    private HttpRequestMessage Json(HttpMethod method, string path, string json) => LocalHostProcess.Request(method, path, _pipeline.SecKey, json: json);

    private HttpRequestMessage Audio(HttpMethod method, string path, byte[] audio, string contentType, string? key = "")
    {
        var request = LocalHostProcess.Request(method, path, key == "" ? _pipeline.SecKey : key);
        request.Content = new ByteArrayContent(audio);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }
}
