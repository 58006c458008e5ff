using System.Text.Json;
using Lipsync.Api.Admission;
using Lipsync.Contracts.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lipsync.UnitTests.Api.Admission;

public sealed class AdmissionMiddlewareTests
{
    private static AdmissionMiddleware Middleware(int maxConcurrent, bool enabled = true)
    {
        var options = Options.Create(new AdmissionOptions { MaxConcurrentRequests = maxConcurrent, Enabled = enabled, RetryAfter = TimeSpan.FromSeconds(2) });
        return new AdmissionMiddleware(new ThreadPoolDelayProbe(options), options, TimeProvider.System, NullLogger<AdmissionMiddleware>.Instance);
    }

    private static DefaultHttpContext Request(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    [Fact]
    public async Task Past_the_concurrency_cap_a_request_gets_an_immediate_503_envelope_with_retry_after()
    {
        var middleware = Middleware(maxConcurrent: 1);
        var release = new TaskCompletionSource();
        var held = middleware.InvokeAsync(Request("/api/v1/license/refresh"), _ => release.Task);

        var refused = Request("/api/v1/license/init");
        var reachedHandler = false;
        await middleware.InvokeAsync(refused, _ =>
        {
            reachedHandler = true;
            return Task.CompletedTask;
        });

        Assert.False(reachedHandler);
        Assert.Equal(503, refused.Response.StatusCode);
        Assert.Equal("2", refused.Response.Headers.RetryAfter.ToString());
        Assert.Equal("*", refused.Response.Headers.AccessControlAllowOrigin.ToString());
        refused.Response.Body.Position = 0;
        using var envelope = await JsonDocument.ParseAsync(refused.Response.Body);
        Assert.Equal(ErrorCodes.ServiceUnavailable, envelope.RootElement.GetProperty("code").GetString());
        Assert.Equal(refused.Response.Headers["x-request-id"].ToString(), envelope.RootElement.GetProperty("requestId").GetString());
        Assert.Equal(1, middleware.Refused);

        release.SetResult();
        await held;
        var after = Request("/api/v1/license/init");
        await middleware.InvokeAsync(after, c =>
        {
            c.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        Assert.Equal(200, after.Response.StatusCode);
    }

    [Theory]
    [InlineData("/api/health", true)]
    [InlineData("/favicon.ico", true)]
    [InlineData("/api/v1/license/init", false)]
    public async Task Health_and_paths_outside_the_api_are_never_refused(string path, bool admitted)
    {
        var middleware = Middleware(maxConcurrent: 1);
        var release = new TaskCompletionSource();
        var held = middleware.InvokeAsync(Request("/api/v1/jobs"), _ => release.Task);

        var context = Request(path);
        var reached = false;
        await middleware.InvokeAsync(context, _ =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        Assert.Equal(admitted, reached);
        release.SetResult();
        await held;
    }

    [Fact]
    public async Task Disabled_admission_lets_everything_through()
    {
        var middleware = Middleware(maxConcurrent: 1, enabled: false);
        var release = new TaskCompletionSource();
        var held = middleware.InvokeAsync(Request("/api/v1/jobs"), _ => release.Task);
        var reached = false;

        await middleware.InvokeAsync(Request("/api/v1/jobs"), _ =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        Assert.True(reached);
        release.SetResult();
        await held;
    }
}
