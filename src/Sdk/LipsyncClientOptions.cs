namespace Lipsync.Client;

/// <summary>Options of <see cref="LipsyncClient"/>, in the style of the Azure SDK's <c>ClientOptions</c>.</summary>
public sealed class LipsyncClientOptions
{
    /// <summary>Retries of transient failures (429, 5xx, network) for calls that are safe to repeat.</summary>
    public RetryOptions Retry { get; } = new();

    /// <summary>Time budget of one HTTP attempt.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The clock for backoff, refresh scheduling and timeouts; replace it in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Uniform random numbers in [0, 1) for backoff jitter; replace it in tests.</summary>
    public Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    /// <summary>Sent as the <c>Origin</c> header (browser-like callers; pub keys need it).</summary>
    public string? Origin { get; set; }
}

/// <summary>Exponential backoff with jitter; a server's <c>Retry-After</c> is honoured when longer.</summary>
public sealed class RetryOptions
{
    public int MaxRetries { get; set; } = 3;

    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay before retry <paramref name="attempt"/> (1-based).</summary>
    internal TimeSpan DelayFor(int attempt, double random01, TimeSpan? retryAfter) =>
        Http.Backoff.Delay(Delay, MaxDelay, attempt, random01, retryAfter);
}
