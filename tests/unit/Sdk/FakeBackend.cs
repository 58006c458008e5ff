using System.Net;
using System.Text;
using Lipsync.Client;
using Microsoft.Extensions.Time.Testing;

namespace Lipsync.UnitTests.Sdk;

/// <summary>An HttpMessageHandler that answers from a script and records what it was asked.</summary>
internal sealed class FakeBackend : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private readonly Lock _gate = new();

    public List<string> Requests { get; } = [];

    /// <summary>The fake clock at each request.</summary>
    public List<DateTimeOffset> RequestTimes { get; } = [];

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    public FakeBackend Then(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        lock (_gate)
        {
            _script.Enqueue(answer);
        }

        return this;
    }

    public FakeBackend ThenJson(int status, string json, Action<HttpResponseMessage>? headers = null) =>
        Then(_ =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            headers?.Invoke(response);
            return response;
        });

    public FakeBackend ThenError(int status, string code, string? retryAfterSeconds = null) =>
        ThenJson(status, $$"""{"code":"{{code}}","message":"server says {{code}}","requestId":"req-{{code}}"}""",
            r => { if (retryAfterSeconds is not null) { r.Headers.TryAddWithoutValidation("Retry-After", retryAfterSeconds); } });

    public LipsyncClient Client(string key = "lsk_dev_test", Action<LipsyncClientOptions>? configure = null)
    {
        var options = new LipsyncClientOptions { TimeProvider = Time, Jitter = () => 1.0 };
        configure?.Invoke(options);
        return new LipsyncClient(new Uri("http://backend.test"), key, new HttpClient(this), options);
    }

    /// <summary>Moves the fake clock in steps until <paramref name="task"/> finishes (backoff waits pass without sleeping).</summary>
    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan step, int maxSteps = 2000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(1));
            if (!task.IsCompleted)
            {
                Time.Advance(step);
            }
        }

        return await task;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Func<HttpRequestMessage, HttpResponseMessage> answer;
        lock (_gate)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            RequestTimes.Add(Time.GetUtcNow());
            answer = _script.Count > 0 ? _script.Dequeue() : throw new InvalidOperationException($"unscripted request {request.Method} {request.RequestUri}");
        }

        return Task.FromResult(answer(request));
    }

    public static string License(long epoch, long refreshAfterMs = 60_000, string sessionId = "s1") =>
        $$"""{"sessionId":"{{sessionId}}","license":"a.b.c","epoch":{{epoch}},"expiresAt":"2026-11-26T09:05:00+00:00","refreshAfterMs":{{refreshAfterMs}},"keyType":"dev"}""";
}
