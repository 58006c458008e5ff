namespace Lipsync.Contracts.Timelines;

/// <summary>
/// Bounds that keep <see cref="Timelines.ParseTimeline(string)"/> linear and small on hostile input.
/// A 10-hour recording with a viseme change every 80 ms (typical after smoothing) has 450,000 cues,
/// about 10 MB of JSON; the limits leave room for three times that.
/// </summary>
public static class TimelineLimits
{
    /// <summary>Largest accepted document: 32 MiB of UTF-8.</summary>
    public const int MaxJsonBytes = 32 * 1024 * 1024;

    /// <summary>Largest accepted number of cues.</summary>
    public const int MaxCues = 1_500_000;

    /// <summary>Largest accepted frame interval (one second).</summary>
    public const int MaxFrameMs = 1000;
}
