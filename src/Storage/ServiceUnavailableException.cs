namespace Lipsync.Storage;

/// <summary>
/// A backing service (storage) failed or timed out. Callers answer <c>service_unavailable</c> (503,
/// retryable, with <c>Retry-After</c>) instead of hanging or leaking the storage error.
/// </summary>
public sealed class ServiceUnavailableException : Exception
{
    public ServiceUnavailableException()
    {
    }

    public ServiceUnavailableException(string message)
        : base(message)
    {
    }

    public ServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Suggested client delay.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}
