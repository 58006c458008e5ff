using System.Net;
using System.Text;
using Lipsync.Contracts.Errors;

namespace Lipsync.UnitTests.Sdk;

public sealed class ClientErrorTests
{
    public static TheoryData<string> ServerCodes()
    {
        var data = new TheoryData<string>();
        foreach (var d in ErrorCatalog.All.Where(d => d.Status > 0))
        {
            data.Add(d.Code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ServerCodes))]
    public async Task Every_catalogue_code_becomes_its_class_with_status_request_id_retryability_and_next_step(string code)
    {
        var descriptor = ErrorCatalog.Get(code);
        var backend = new FakeBackend().ThenError(descriptor.Status, code);
        var client = backend.Client(configure: o => o.Retry.MaxRetries = 0);

        var e = await Assert.ThrowsAnyAsync<LipsyncException>(() => client.GetJobAsync("j1"));

        Assert.Equal(ExpectedType(descriptor.Class), e.GetType());
        Assert.Equal(code, e.Code);
        Assert.Equal(descriptor.Status, e.Status);
        Assert.Equal($"req-{code}", e.RequestId);
        Assert.Equal(descriptor.Retryable, e.Retryable);
        Assert.Equal(descriptor.NextStep, e.NextStep);
        Assert.Equal($"server says {code}", e.Message);
    }

    [Theory]
    [InlineData(502, "<html><body>Bad gateway</body></html>", "unexpected_server_response", typeof(NetworkException))]
    [InlineData(503, "", "service_unavailable", typeof(LipsyncException))]
    [InlineData(429, "", "rate_limited", typeof(LicenseException))]
    [InlineData(404, "Not Found", "unexpected_client_response", typeof(LipsyncException))]
    [InlineData(500, "{\"error\":\"not an envelope\"}", "unexpected_server_response", typeof(NetworkException))]
    public async Task A_body_that_is_not_an_envelope_still_yields_a_status_derived_code(int status, string body, string code, Type type)
    {
        var backend = new FakeBackend().Then(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "text/html") });
        var client = backend.Client(configure: o => o.Retry.MaxRetries = 0);

        var e = await Assert.ThrowsAnyAsync<LipsyncException>(() => client.GetJobAsync("j1"));

        Assert.Equal(code, e.Code);
        Assert.Equal(status, e.Status);
        Assert.IsType(ExpectedType(ErrorCatalog.Get(code).Class) == typeof(LipsyncException) ? type : ExpectedType(ErrorCatalog.Get(code).Class), e);
    }

    [Fact]
    public async Task Transport_failures_are_retryable_network_errors()
    {
        var backend = new FakeBackend().Then(_ => throw new HttpRequestException("connection refused"));
        var client = backend.Client(configure: o => o.Retry.MaxRetries = 0);

        var e = await Assert.ThrowsAsync<NetworkException>(() => client.GetJobAsync("j1"));
        Assert.Equal(ErrorCodes.NetworkFailure, e.Code);
        Assert.True(e.Retryable);
        Assert.Equal(0, e.Status);
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_and_Retry_After_is_honoured()
    {
        var backend = new FakeBackend()
            .ThenError(429, ErrorCodes.RateLimited, retryAfterSeconds: "7")
            .ThenError(503, ErrorCodes.ServiceUnavailable)
            .ThenJson(200, """{"jobId":"j1","status":"queued","input":"audio-in/a.wav","output":"timelines/a.json","createdAt":"2026-11-26T09:00:00Z","updatedAt":"2026-11-26T09:00:00Z"}""");
        var client = backend.Client();

        var job = await backend.RunAsync(client.GetJobAsync("j1"), TimeSpan.FromMilliseconds(100));

        Assert.Equal("j1", job.JobId);
        Assert.Equal(3, backend.Requests.Count);
        var gaps = backend.RequestTimes.Zip(backend.RequestTimes.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.InRange(gaps[0], 7, 8); // the server's Retry-After beats the 0.5 s first step
        Assert.InRange(gaps[1], 1, 2); // second step: 1 s at full jitter
    }

    [Fact]
    public async Task Hard_refusals_are_never_retried()
    {
        var backend = new FakeBackend().ThenError(402, ErrorCodes.KeyDisabled);
        var client = backend.Client();

        var e = await Assert.ThrowsAnyAsync<LipsyncException>(() => client.GetJobAsync("j1"));
        Assert.False(e.Retryable);
        Assert.Single(backend.Requests);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_count()
    {
        var backend = new FakeBackend();
        for (var i = 0; i < 4; i++)
        {
            backend.ThenError(503, ErrorCodes.ServiceUnavailable);
        }

        var client = backend.Client();
        var e = await Assert.ThrowsAnyAsync<LipsyncException>(() => backend.RunAsync(client.GetJobAsync("j1"), TimeSpan.FromSeconds(1)));
        Assert.Equal(ErrorCodes.ServiceUnavailable, e.Code);
        Assert.Equal(4, backend.Requests.Count); // 1 + MaxRetries (3)
    }

    [Fact]
    public async Task A_timeline_answer_goes_through_ParseTimeline()
    {
        var backend = new FakeBackend().ThenJson(200, """{"version":1,"durationMs":100,"speechMs":500,"frameMs":10,"cues":[{"t":0,"v":0}]}""");
        var client = backend.Client();

        var e = await Assert.ThrowsAsync<LipsyncException>(() => client.CreateTimelineAsync(new MemoryStream([1, 2, 3])));
        Assert.Equal(ErrorCodes.BadTimeline, e.Code);
    }

    private static Type ExpectedType(ErrorClass errorClass) => errorClass switch
    {
        ErrorClass.LicenseError => typeof(LicenseException),
        ErrorClass.RefusedError => typeof(RefusedException),
        ErrorClass.NetworkError => typeof(NetworkException),
        ErrorClass.EngineError => typeof(EngineException),
        _ => typeof(LipsyncException),
    };
}
