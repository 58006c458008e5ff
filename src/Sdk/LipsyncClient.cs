using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lipsync.Client.Http;
using Lipsync.Client.Licensing;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.Contracts.Serialization;
using Lipsync.Contracts.Timelines;

namespace Lipsync.Client;

/// <summary>
/// The backend's client: license sessions (pub or dev key) and batch work (sec or dev key). Thread-safe;
/// create one per key and endpoint and share it. Every failure is a <see cref="LipsyncException"/>
/// subclass carrying the catalogue's code, status, request id, retryability and next step.
/// </summary>
public sealed class LipsyncClient
{
    private readonly ClientPipeline _pipeline;

    /// <param name="endpoint">The backend, e.g. <c>https://func-prod.azurewebsites.net</c> or <c>http://127.0.0.1:7071</c>.</param>
    /// <param name="apiKey">An <c>lsk_dev_</c>, <c>lsk_pub_</c> or <c>lsk_sec_</c> key.</param>
    /// <param name="httpClient">Bring your own (e.g. from IHttpClientFactory); the client never disposes it.</param>
    /// <param name="options">Retries, timeouts, clock.</param>
    public LipsyncClient(Uri endpoint, string apiKey, HttpClient httpClient, LipsyncClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentNullException.ThrowIfNull(httpClient);
        _pipeline = new ClientPipeline(httpClient, endpoint, apiKey, options ?? new LipsyncClientOptions());
    }

    /// <summary>A license session for this key; call <see cref="LicenseSession.InitAsync"/> to start it.</summary>
    public LicenseSession CreateLicenseSession(LicenseSessionOptions? options = null) => new(_pipeline, options ?? new LicenseSessionOptions());

    /// <summary>
    /// <c>POST /api/v1/timelines</c>: the timeline of a short clip (the server caps size and duration).
    /// Retried on transient failures, so <paramref name="audio"/> must be seekable or is buffered.
    /// </summary>
    public async Task<VisemeTimeline> CreateTimelineAsync(Stream audio, string contentType = "application/octet-stream", CancellationToken cancellationToken = default)
    {
        var bytes = await ReadAllAsync(audio, cancellationToken);
        var body = await _pipeline.SendAsync(() => _pipeline.Request(HttpMethod.Post, "api/v1/timelines", Binary(bytes, contentType)), retry: true, cancellationToken);
        return Timelines.ParseTimeline(body);
    }

    /// <summary>
    /// <c>POST /api/v1/jobs</c> with the audio in the body. Not retried: a repeat after a lost answer
    /// would upload a second copy (a second job).
    /// </summary>
    public async Task<JobRecord> SubmitJobAsync(Stream audio, string contentType = "application/octet-stream", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var body = await _pipeline.SendAsync(() => _pipeline.Request(HttpMethod.Post, "api/v1/jobs", Streamed(audio, contentType)), retry: false, cancellationToken);
        return Record(body);
    }

    /// <summary><c>POST /api/v1/jobs</c> for a blob already in <c>audio-in</c> (under the account's folder). Idempotent, so retried.</summary>
    public async Task<JobRecord> SubmitJobForBlobAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        var json = JsonSerializer.SerializeToUtf8Bytes(new JobSubmitRequest(blobName), ContractsJson.Context.JobSubmitRequest);
        var body = await _pipeline.SendAsync(() => _pipeline.Request(HttpMethod.Post, "api/v1/jobs", Json(json)), retry: true, cancellationToken);
        return Record(body);
    }

    public async Task<JobRecord> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var body = await _pipeline.SendAsync(() => _pipeline.Request(HttpMethod.Get, $"api/v1/jobs/{Uri.EscapeDataString(jobId)}"), retry: true, cancellationToken);
        return Record(body);
    }

    /// <summary>Polls the job until it succeeds or fails; returns the final record (check <see cref="JobRecord.Error"/>).</summary>
    public async Task<JobRecord> WaitForJobAsync(string jobId, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? TimeSpan.FromSeconds(1);
        while (true)
        {
            var job = await GetJobAsync(jobId, cancellationToken);
            if (job.IsTerminal)
            {
                return job;
            }

            await Task.Delay(interval, _pipeline.Options.TimeProvider, cancellationToken);
        }
    }

    /// <summary>The timeline of a succeeded job, validated (<c>bad_timeline</c> if it is not a valid timeline).</summary>
    public async Task<VisemeTimeline> GetJobTimelineAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var body = await _pipeline.SendAsync(() => _pipeline.Request(HttpMethod.Get, $"api/v1/jobs/{Uri.EscapeDataString(jobId)}/timeline"), retry: true, cancellationToken);
        return Timelines.ParseTimeline(body);
    }

    private static JobRecord Record(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ContractsJson.Context.JobRecord)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new LipsyncException(ErrorCodes.UnexpectedServerResponse, $"The job record could not be read: {e.Message}", innerException: e);
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream audio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        using var buffer = new MemoryStream();
        await audio.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static ByteArrayContent Binary(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static StreamContent Streamed(Stream audio, string contentType)
    {
        var content = new StreamContent(audio);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static ByteArrayContent Json(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", Encoding.UTF8.WebName);
        return content;
    }
}
