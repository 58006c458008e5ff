using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lipsync.Contracts.Jobs;
using Lipsync.Contracts.Serialization;
using Lipsync.Contracts.Timelines;
using Lipsync.Fuzzing;
using Lipsync.IntegrationTests.Infrastructure;

using Lipsync.Jobs.Records;

namespace Lipsync.IntegrationTests.Jobs;

/// <summary>
/// The batch side without reading code: <c>lipsync jobs submit|list|get</c> against the emulator, and
/// <c>GET /api/v1/jobs</c> (the caller's own jobs only, paged).
/// </summary>
public sealed class JobsCliAndListTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipsync-jobs-cli-").FullName;
    private PipelineHarness _pipeline = null!;
    private LipsyncCli _cli = null!;

    public async Task InitializeAsync()
    {
        _pipeline = await PipelineHarness.StartAsync();
        _cli = new LipsyncCli(_pipeline.ConnectionString);
        await File.WriteAllBytesAsync(Path.Combine(_dir, "talk.wav"), Seeds.Wav);
        await File.WriteAllBytesAsync(Path.Combine(_dir, "talk.ogg"), Seeds.Ogg);
    }

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Submit_wait_list_and_get_work_from_the_cli_and_the_api_lists_only_the_callers_jobs()
    {
        var (code, stdout, stderr) = await _cli.RunAsync("jobs", "submit", Path.Combine(_dir, "talk.wav"), Path.Combine(_dir, "talk.ogg"), "--account", "acme", "--wait");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("succeeded  audio-in/acme/talk.wav  timelines/acme/talk.wav.json", stdout, StringComparison.Ordinal);
        Assert.Contains("succeeded  audio-in/acme/talk.ogg  timelines/acme/talk.ogg.json", stdout, StringComparison.Ordinal);

        var listed = await _cli.JsonAsync("jobs", "list", "--account", "acme");
        var jobs = listed.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(2, jobs.Count);
        var wavJob = jobs.Single(j => j.GetProperty("input").GetString() == "audio-in/acme/talk.wav").GetProperty("jobId").GetString()!;

        var timelinePath = Path.Combine(_dir, "out.json");
        (code, _, stderr) = await _cli.RunAsync("jobs", "get", wavJob, "--timeline", "-o", timelinePath);
        Assert.True(code == 0, stderr);
        Assert.True(Timelines.ParseTimeline(await File.ReadAllTextAsync(timelinePath)).DurationMs > 300);

        (code, _, stderr) = await _cli.RunAsync("jobs", "get", new string('0', 32));
        Assert.Equal(1, code);
        Assert.StartsWith("error: job_not_found:", stderr.Trim(), StringComparison.Ordinal);

        // Another account's job exists but is never listed to acme.
        await _pipeline.DropAsync("beta/secret.wav", Seeds.Wav);
        var first = await ListAsync("?top=1");
        Assert.Single(first.Jobs);
        Assert.NotNull(first.Next);
        Assert.Matches("^[A-Za-z0-9_-]+$", first.Next); // pasted into a URL as it is
        var second = await ListAsync("?top=1&next=" + first.Next);
        Assert.Single(second.Jobs);
        Assert.NotEqual(first.Jobs[0].JobId, second.Jobs[0].JobId);
        var all = await ListAsync("?status=succeeded");
        Assert.Equal(2, all.Jobs.Count);
        Assert.All(all.Jobs, j => Assert.StartsWith("audio-in/acme/", j.Input, StringComparison.Ordinal));

        using var bad = await _pipeline.Host.Client.SendAsync(Get("?status=done"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var malformed = await _pipeline.Host.Client.SendAsync(Get("?next=%%%"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        // A made-up continuation can only move within the caller's own listing.
        using var forged = await _pipeline.Host.Client.SendAsync(Get("?next=" + first.Next![..^2] + "AA"));
        if (forged.StatusCode == HttpStatusCode.OK)
        {
            var page = JsonSerializer.Deserialize(await forged.Content.ReadAsStringAsync(), ContractsJson.Context.JobList)!;
            Assert.All(page.Jobs, j => Assert.StartsWith("audio-in/acme/", j.Input, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Two_submitters_racing_for_one_blob_leave_one_listed_job()
    {
        // The CLI and the drop-zone scanner can both record the same blob version; each writes an
        // account-index row keyed by its own creation time. The loser removes its row.
        var store = new JobStore(_pipeline.Storage);
        var jobId = new string('a', 32);
        JobEntity Job(int secondsAgo) => new()
        {
            PartitionKey = jobId, InputName = "racer/take.wav", InputETag = "0x1", OutputName = "racer/take.wav.json",
            AccountId = "racer", CreatedAt = DateTimeOffset.UtcNow.AddSeconds(-secondsAgo),
        };

        var results = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => store.GetOrAddAsync(Job(i), CancellationToken.None)));

        Assert.Single(results, r => r.Created);
        var (listed, _) = await store.ListAsync("racer", null, 50, null, CancellationToken.None);
        Assert.Equal(jobId, Assert.Single(listed).JobId);
    }

    private async Task<JobList> ListAsync(string query)
    {
        using var response = await _pipeline.Host.Client.SendAsync(Get(query));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize(body, ContractsJson.Context.JobList)!;
    }

    private HttpRequestMessage Get(string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _pipeline.SecKey);
        return request;
    }
}
