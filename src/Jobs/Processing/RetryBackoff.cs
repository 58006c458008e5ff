namespace Lipsync.Jobs.Processing;

/// <summary>Exponential backoff with jitter: attempt n waits between half and all of base x 2^(n-1), capped.</summary>
public static class RetryBackoff
{
    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="baseDelay">The delay step of the first retry.</param>
    /// <param name="maxDelay">The longest delay.</param>
    /// <param name="random01">A uniform random number in [0, 1): the jitter, so retries of a burst spread out.</param>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double random01)
    {
        var step = baseDelay * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = step < maxDelay ? step : maxDelay;
        return capped * (0.5 + (Math.Clamp(random01, 0, 1) / 2));
    }
}
