using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lipsync.Contracts.Errors;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.IntegrationTests.Jobs;

namespace Lipsync.IntegrationTests.Hardening;

/// <summary>A host with the default body caps and a 3-second body deadline.</summary>
public sealed class ClientFaultFixture : IAsyncLifetime
{
    internal PipelineHarness Pipeline { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Pipeline = await PipelineHarness.StartAsync(new Dictionary<string, string?> { ["Batch__BodyTimeout"] = "00:00:03" });

    public Task DisposeAsync() => Pipeline.DisposeAsync().AsTask();
}

/// <summary>
/// The hardening probe's finding 3: client-side body failures were answered as server faults (500
/// with a stack trace in the log, or 503 "storage unavailable"), and a chunked job upload over the
/// cap met Kestrel's limit first (503). Each answer is now the client's code, logged at Warning.
/// </summary>
public sealed class ClientFaultTests(ClientFaultFixture fixture) : IClassFixture<ClientFaultFixture>
{
    private readonly PipelineHarness _pipeline = fixture.Pipeline;

    [Theory]
    [InlineData("/api/v1/timelines")]
    [InlineData("/api/v1/jobs")]
    public async Task A_malformed_chunk_is_bad_request_body(string path)
    {
        var (status, body) = await RawHttp.SendAsync(_pipeline.Host.BaseAddress, Head(path, "Transfer-Encoding: chunked"), async s =>
        {
            await s.WriteAsync("10\r\nRIFF0000WAVEfmt \r\nZZZ-not-a-chunk-size\r\n"u8.ToArray());
            await s.FlushAsync();
        });

        Assert.Equal(400, status);
        Assert.Equal(ErrorCodes.BadRequestBody, Code(body));
    }

    [Theory]
    [InlineData("/api/v1/timelines")]
    [InlineData("/api/v1/jobs")]
    public async Task A_trickling_body_meets_request_timeout_at_the_deadline(string path)
    {
        var clock = Stopwatch.StartNew();
        var (status, body) = await RawHttp.SendAsync(_pipeline.Host.BaseAddress, Head(path, "Content-Length: 100000"), async s =>
        {
            for (var i = 0; i < 40 && clock.Elapsed < TimeSpan.FromSeconds(8); i++)
            {
                await s.WriteAsync(new byte[300]);
                await s.FlushAsync();
                await Task.Delay(200);
            }
        });

        Assert.Equal(408, status);
        Assert.Equal(ErrorCodes.RequestTimeout, Code(body));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(15));
        await Task.Delay(300);
        Assert.DoesNotContain("fail:", _pipeline.Host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aborted_uploads_are_logged_as_client_faults_without_a_stack()
    {
        for (var i = 0; i < 12; i++)
        {
            await RawHttp.SendAsync(_pipeline.Host.BaseAddress, Head(i % 2 == 0 ? "/api/v1/jobs" : "/api/v1/timelines", "Content-Length: 1000000"), async s =>
            {
                await s.WriteAsync(new byte[20_000]);
                await s.FlushAsync();
                s.Close();
            }, wait: TimeSpan.FromSeconds(1));
        }

        await Task.Delay(1500);
        var log = _pipeline.Host.Output;
        Assert.False(log.Contains("Unhandled error", StringComparison.Ordinal) || log.Contains("   at ", StringComparison.Ordinal), log);
        Assert.Contains("Client body fault bad_request_body", log, StringComparison.Ordinal);

        // The host is fine afterwards.
        using var health = await _pipeline.Host.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_chunked_job_upload_over_the_cap_is_payload_too_large()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs")
        {
            Content = new StreamContent(new FillStream(65L * 1024 * 1024)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _pipeline.SecKey);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        request.Headers.TransferEncodingChunked = true;

        using var response = await _pipeline.Host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ErrorCodes.PayloadTooLarge, Code(await response.Content.ReadAsStringAsync()));
    }

    private string Head(string path, string framing) =>
        $"POST {path} HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer {_pipeline.SecKey}\nContent-Type: audio/wav\n{framing}\n";

    private static string Code(string body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("code").GetString()!;
    }

    /// <summary>A long body of zeros that costs no memory (a WAV header first, so it looks like audio).</summary>
    private sealed class FillStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            if (_position == 0 && n >= 12)
            {
                Encoding.ASCII.GetBytes("RIFF\0\0\0\0WAVE").CopyTo(buffer, offset);
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
