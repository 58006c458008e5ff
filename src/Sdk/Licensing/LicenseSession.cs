using System.Text.Json;
using Lipsync.Client.Http;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Licensing;
using Lipsync.Contracts.Serialization;

namespace Lipsync.Client.Licensing;

/// <summary>
/// One license session: <see cref="InitAsync"/>, then refreshes in the background every
/// <c>refreshAfterMs</c> the server asks for. A transient refresh failure (429, 5xx, network) makes the
/// session <see cref="LicenseSessionStatus.Degraded"/> and is retried with jittered backoff; a hard
/// refusal (e.g. a key disabled mid-session, <c>session_expired</c>) or
/// <see cref="LicenseSessionOptions.MaxConsecutiveRefreshFailures"/> failures in a row make it
/// <see cref="LicenseSessionStatus.Refused"/> for good: every later <see cref="EnsureLicensed"/> throws
/// the same <see cref="RefusedException"/> until <see cref="ReloadAsync"/>. Thread-safe.
/// </summary>
public sealed class LicenseSession : IAsyncDisposable
{
    private readonly ClientPipeline _pipeline;
    private readonly LicenseSessionOptions _options;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _loopStop;
    private Task? _loop;
    private LicenseResponse? _license;
    private RefusedException? _refusal;

    internal LicenseSession(ClientPipeline pipeline, LicenseSessionOptions options)
    {
        _pipeline = pipeline;
        _options = options;
    }

    public event EventHandler<LicenseStatusChangedEventArgs>? StatusChanged;

    /// <summary>Each successful refresh (the product's <c>refresh</c> event, with the new epoch).</summary>
    public event EventHandler<LicenseRefreshedEventArgs>? Refreshed;

    /// <summary>The session became refused (the product's <c>refused</c> event).</summary>
    public event EventHandler<LicenseFailedEventArgs>? Refused;

    /// <summary>Init failed, or a refresh failed transiently (the product's <c>error</c> event).</summary>
    public event EventHandler<LicenseFailedEventArgs>? Failed;

    public LicenseSessionStatus Status { get; private set; }

    /// <summary>The current license (compact JWS in <see cref="LicenseResponse.License"/>), once ready.</summary>
    public LicenseResponse? License => Volatile.Read(ref _license);

    public long Epoch => License?.Epoch ?? 0;

    /// <summary>The last failure seen (init or refresh), for diagnostics.</summary>
    public LipsyncException? LastError { get; private set; }

    /// <summary>Posts the init; on success the session is ready and refreshing. Failures leave it in <see cref="LicenseSessionStatus.Error"/> and are thrown.</summary>
    public async Task<LicenseResponse> InitAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (Status != LicenseSessionStatus.Idle)
            {
                throw new InvalidOperationException($"The session is {Status}; call ReloadAsync for a fresh init.");
            }
        }

        SetStatus(LicenseSessionStatus.Initializing);
        LicenseResponse license;
        try
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new LicenseInitRequest { UserId = _options.UserId, FingerprintHash = _options.FingerprintHash }, ContractsJson.Context.LicenseInitRequest);
            license = Parse(await _pipeline.SendAsync(() => _pipeline.Request(HttpMethod.Post, "api/v1/license/init", JsonContent(body)), retry: true, cancellationToken));
        }
        catch (LipsyncException e)
        {
            LastError = e;
            SetStatus(LicenseSessionStatus.Error);
            Failed?.Invoke(this, new LicenseFailedEventArgs(e));
            throw;
        }

        Volatile.Write(ref _license, license);
        SetStatus(LicenseSessionStatus.Ready);
        var stop = new CancellationTokenSource();
        lock (_gate)
        {
            _loopStop = stop;
            _loop = RefreshLoopAsync(stop.Token);
        }

        return license;
    }

    /// <summary>Throws the stored refusal once refused, or the init error; returns when licensed.</summary>
    public void EnsureLicensed()
    {
        switch (Status)
        {
            case LicenseSessionStatus.Ready or LicenseSessionStatus.Degraded:
                return;
            case LicenseSessionStatus.Refused:
                throw _refusal!;
            case LicenseSessionStatus.Error when LastError is not null:
                throw LastError;
            default:
                throw new InvalidOperationException($"The session is {Status}; call InitAsync first.");
        }
    }

    /// <summary>A fresh init (the product's <c>reload()</c>): the only way out of refused or error.</summary>
    public async Task<LicenseResponse> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        Volatile.Write(ref _license, null);
        _refusal = null;
        LastError = null;
        SetStatus(LicenseSessionStatus.Idle);
        return await InitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task RefreshLoopAsync(CancellationToken stop)
    {
        await Task.Yield();
        var time = _pipeline.Options.TimeProvider;
        var failures = 0;
        TimeSpan? serverDelay = null;
        while (!stop.IsCancellationRequested)
        {
            var license = License!;
            var delay = failures == 0
                ? TimeSpan.FromMilliseconds(license.RefreshAfterMs)
                : RetryDelay(failures, serverDelay);
            try
            {
                await Task.Delay(delay, time, stop);
                var body = JsonSerializer.SerializeToUtf8Bytes(new LicenseRefreshRequest { SessionId = license.SessionId }, ContractsJson.Context.LicenseRefreshRequest);
                var next = Parse(await _pipeline.SendAsync(() => _pipeline.Request(HttpMethod.Post, "api/v1/license/refresh", JsonContent(body)), retry: false, stop));
                Volatile.Write(ref _license, next);
                failures = 0;
                SetStatus(LicenseSessionStatus.Ready);
                Refreshed?.Invoke(this, new LicenseRefreshedEventArgs(next.Epoch));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (LipsyncException e) when (!e.Retryable)
            {
                Refuse(e, e.Message);
                return;
            }
            catch (LipsyncException e)
            {
                LastError = e;
                failures++;
                serverDelay = e.RetryAfter;
                if (failures >= _options.MaxConsecutiveRefreshFailures)
                {
                    Refuse(e, $"{failures} refreshes failed in a row; last: {e.Code}: {e.Message}");
                    return;
                }

                SetStatus(LicenseSessionStatus.Degraded);
                Failed?.Invoke(this, new LicenseFailedEventArgs(e));
            }
        }
    }

    private TimeSpan RetryDelay(int failures, TimeSpan? serverDelay) =>
        Backoff.Delay(_options.RefreshRetryDelay, TimeSpan.MaxValue, failures, _pipeline.Options.Jitter(), serverDelay);

    private void Refuse(LipsyncException cause, string message)
    {
        LastError = cause;
        _refusal = cause as RefusedException ?? new RefusedException(cause.Code, message, cause.Status, cause.RequestId, cause);
        SetStatus(LicenseSessionStatus.Refused);
        Refused?.Invoke(this, new LicenseFailedEventArgs(_refusal));
    }

    private async Task StopAsync()
    {
        CancellationTokenSource? stop;
        Task? loop;
        lock (_gate)
        {
            (stop, loop, _loopStop, _loop) = (_loopStop, _loop, null, null);
        }

        if (stop is null)
        {
            return;
        }

        await stop.CancelAsync();
        try
        {
            await loop!;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        stop.Dispose();
    }

    private void SetStatus(LicenseSessionStatus status)
    {
        LicenseSessionStatus previous;
        lock (_gate)
        {
            previous = Status;
            Status = status;
        }

        if (previous != status)
        {
            StatusChanged?.Invoke(this, new LicenseStatusChangedEventArgs(previous, status));
        }
    }

    private static LicenseResponse Parse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ContractsJson.Context.LicenseResponse) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new LipsyncException(ErrorCodes.UnexpectedServerResponse, $"The license answer could not be read: {e.Message}", innerException: e);
        }
    }

    private static ByteArrayContent JsonContent(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json", "utf-8");
        return content;
    }
}
