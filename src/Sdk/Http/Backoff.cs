namespace Lipsync.Client.Http;

/// <summary>
/// Exponential backoff with jitter, shared by call retries and license refresh retries: attempt n waits
/// between half and all of first x 2^(n-1), capped at <c>max</c>; a longer server <c>Retry-After</c> wins.
/// </summary>
internal static class Backoff
{
    public static TimeSpan Delay(TimeSpan first, TimeSpan max, int attempt, double random01, TimeSpan? retryAfter)
    {
        var step = first * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = step < max ? step : max;
        var jittered = capped * (0.5 + (Math.Clamp(random01, 0, 1) / 2));
        return retryAfter is { } server && server > jittered ? server : jittered;
    }
}
