using Lipsync.Api.Http;
using Lipsync.Contracts.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lipsync.Api.Admission;

/// <summary>
/// Admission control, the first thing every API request meets. Past capacity an instance that queues
/// everything serves nobody well (every answer waits behind the backlog, and the backlog grows for as
/// long as the overload lasts); one that refuses the excess keeps serving the rest at low latency. A
/// request is refused with 503 <c>service_unavailable</c> and <c>Retry-After</c>, before routing so a
/// refusal costs as little as possible, when the thread pool's queueing delay says the instance is out
/// of CPU (<see cref="AdmissionGate"/>, <see cref="ThreadPoolDelayProbe"/>) or when more than
/// <see cref="AdmissionOptions.MaxConcurrentRequests"/> are inside the handlers. The health route is
/// never refused: monitors must see an overloaded instance.
/// </summary>
public sealed partial class AdmissionMiddleware(ThreadPoolDelayProbe probe, IOptions<AdmissionOptions> options, TimeProvider time, ILogger<AdmissionMiddleware> logger)
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);
    private static readonly PathString Api = "/" + ApiRoutes.Prefix;
    private static readonly PathString Health = "/" + ApiRoutes.Prefix + "/" + ApiRoutes.Health;
    private readonly AdmissionOptions _options = options.Value;
    private readonly AdmissionGate _gate = new(options.Value.QueueDelayTarget);
    private readonly long _started = time.GetTimestamp();
    private int _inFlight;
    private long _refused;
    private long _lastLogged;

    /// <summary>Requests refused since start (for logs and tests).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var path = context.Request.Path;
        if (!_options.Enabled || !path.StartsWithSegments(Api) || path.StartsWithSegments(Health))
        {
            await next(context);
            return;
        }

        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            var delay = probe.Sample();
            if (_gate.ShouldRefuse(delay, time.GetElapsedTime(_started), Random.Shared.NextDouble()) || inFlight > _options.MaxConcurrentRequests)
            {
                await RefuseAsync(context, delay, inFlight);
                return;
            }

            await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private Task RefuseAsync(HttpContext context, TimeSpan delay, int inFlight)
    {
        var refused = Interlocked.Increment(ref _refused);
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastLogged);
        if ((last == 0 || time.GetElapsedTime(last, now) >= LogEvery) && Interlocked.CompareExchange(ref _lastLogged, now, last) == last)
        {
            LogShedding(logger, refused, delay.TotalMilliseconds, inFlight);
        }

        // The refusal carries no data: any origin may read it (the license routes' CORS), so a browser SDK
        // sees the envelope and backs off. The envelope, request id and Retry-After are written as every answer's.
        Cors.Post.Apply(context.Response);
        return ApiResult.Error(ErrorCodes.ServiceUnavailable, "The service is at capacity; retry after the Retry-After seconds.", _options.RetryAfter)
            .ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shedding load: {Refused} requests refused since start (queueing delay {DelayMs:F1} ms, {InFlight} in flight)")]
    private static partial void LogShedding(ILogger logger, long refused, double delayMs, int inFlight);
}
