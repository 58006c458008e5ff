using System.Diagnostics;
using Lipsync.Api.Health;
using Lipsync.Contracts.Errors;
using Lipsync.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lipsync.Api.Http;

/// <summary>
/// What every handler runs inside, identically in both hosts: a request id, CORS headers where the
/// route asks for them, and the rule that nothing escapes as a bare 500 or a stack trace: storage
/// trouble becomes <c>service_unavailable</c> (503, <c>Retry-After</c>), anything unexpected
/// <c>internal_error</c> (500), logged with the request id. A misconfigured app
/// (<see cref="ConfigurationCheck"/>) answers <c>service_unavailable</c> before any handler runs.
/// </summary>
public sealed partial class ApiPipeline(ILogger<ApiPipeline> logger, ConfigurationCheck configuration)
{
    public Task<IResult> RunAsync(HttpRequest request, Cors? cors, Func<Task<IResult>> handler) =>
        RunAsync(request, cors, handler, gated: true);

    /// <summary>As the other overload; <paramref name="gated"/> false lets the health route answer on a misconfigured app.</summary>
    public async Task<IResult> RunAsync(HttpRequest request, Cors? cors, Func<Task<IResult>> handler, bool gated)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        var requestId = RequestIds.Get(request.HttpContext);
        cors?.Apply(request.HttpContext.Response);
        var started = Stopwatch.GetTimestamp();
        IResult result;
        try
        {
            result = gated && !configuration.IsHealthy
                ? ApiResult.Error(ErrorCodes.ServiceUnavailable, configuration.Summary, TimeSpan.FromSeconds(60))
                : await handler();
        }
        catch (ServiceUnavailableException e)
        {
            LogUnavailable(logger, e, requestId, request.Path);
            result = ApiResult.Error(ErrorCodes.ServiceUnavailable, retryAfter: e.RetryAfter);
        }
        catch (Exception e) when (request.HttpContext.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client went away mid-request (an aborted upload): its fault, and nobody reads this answer.
            LogClientFault(logger, ErrorCodes.BadRequestBody, "the client closed the connection", requestId, request.Path);
            result = ApiResult.Error(ErrorCodes.BadRequestBody, "The connection was closed before the request was complete.");
        }
        catch (LipsyncException e) when (ErrorCatalog.TryGet(e.Code, out var descriptor))
        {
            // A catalogue error raised below the handler (e.g. engine_failure): its envelope, logged if it is ours.
            if (descriptor.Status >= 500)
            {
                LogUnexpected(logger, e, requestId, request.Path);
            }

            result = ApiResult.Error(e.Code, e.Message);
        }
        catch (ClientBodyException e)
        {
            // The rest of the body is not worth reading (and a cancelled read leaves nothing to drain): close after answering.
            LogClientFault(logger, e.Code, e.Message, requestId, request.Path);
            request.HttpContext.Response.Headers.Connection = "close";
            result = ApiResult.Error(e.Code, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refused the request while a handler read it some other way: still the client's fault.
            var code = e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
                StatusCodes.Status408RequestTimeout => ErrorCodes.RequestTimeout,
                _ => ErrorCodes.BadRequestBody,
            };
            LogClientFault(logger, code, e.Message, requestId, request.Path);
            result = ApiResult.Error(code);
        }
        catch (Exception e)
        {
            LogUnexpected(logger, e, requestId, request.Path);
            result = ApiResult.Error(ErrorCodes.InternalError);
        }

        if (result is ApiResult api && logger.IsEnabled(LogLevel.Debug))
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogHandled(logger, request.Method, request.Path, api.Status, api.ErrorCode ?? "-", elapsedMs, requestId);
        }

        return result;
    }

    // Debug, not Information: a line per request costs CPU and log volume at thousands of requests per second.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} -> {Status} {Code} in {ElapsedMs:F2} ms [{RequestId}]")]
    private static partial void LogHandled(ILogger logger, string method, PathString path, int status, string code, double elapsedMs, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client body fault {Code}: {Reason} [{RequestId}] {Path}")]
    private static partial void LogClientFault(ILogger logger, string code, string reason, string requestId, PathString path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable [{RequestId}] {Path}")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string requestId, PathString path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error [{RequestId}] {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string requestId, PathString path);
}
