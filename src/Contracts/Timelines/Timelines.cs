using Lipsync.Contracts.Errors;

namespace Lipsync.Contracts.Timelines;

/// <summary>
/// The timeline helpers of the product spec: <c>framesToTimeline</c>, <c>timelineToCues</c> and
/// <c>parseTimeline</c>, with the same names and meaning in every SDK.
/// </summary>
public static class Timelines
{
    /// <summary>
    /// Run-length encodes one viseme id per frame: a cue at frame 0 and at every change,
    /// <c>t = i * frameMs</c>, <c>durationMs = frames * frameMs</c> unless the exact audio length (which may end inside the last frame) is given.
    /// An empty frame list yields a zero-length timeline with a single silence cue.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside 0..21, or speechMs/frameMs/durationMs is out of range.</exception>
    public static VisemeTimeline FramesToTimeline(ReadOnlySpan<int> frames, int speechMs, int frameMs = VisemeTimeline.DefaultFrameMs, int? durationMs = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameMs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameMs, TimelineLimits.MaxFrameMs);
        var framesDuration = checked(frames.Length * frameMs);
        var duration = durationMs ?? framesDuration;
        // An exact audio length may end inside the last frame, never outside it.
        var shortest = frames.Length == 0 ? 0 : framesDuration - frameMs + 1;
        if (duration < shortest || duration > framesDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(durationMs), duration, $"durationMs must lie in [{shortest}, {framesDuration}] for {frames.Length} frames.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(speechMs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(speechMs, duration);

        var cues = new List<VisemeCue>(Math.Min(frames.Length, 1024) + 1);
        var previous = -1;
        for (var i = 0; i < frames.Length; i++)
        {
            var id = frames[i];
            if (!Visemes.IsValid(id))
            {
                throw new ArgumentOutOfRangeException(nameof(frames), id, $"frames[{i}] is not a viseme id (0..{Visemes.MaxId}).");
            }

            if (id != previous)
            {
                cues.Add(new VisemeCue(i * frameMs, id));
                previous = id;
            }
        }

        if (cues.Count == 0)
        {
            cues.Add(new VisemeCue(0, Visemes.Silence));
        }

        return new VisemeTimeline
        {
            Version = VisemeTimeline.CurrentVersion,
            DurationMs = duration,
            SpeechMs = speechMs,
            FrameMs = frameMs,
            Cues = cues,
        };
    }

    /// <summary>The playback engine's cue list: <c>[{ offset, visemeId }]</c> with offset = t.</summary>
    public static IReadOnlyList<PlaybackCue> TimelineToCues(VisemeTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var result = new PlaybackCue[timeline.Cues.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new PlaybackCue(timeline.Cues[i].T, timeline.Cues[i].V);
        }

        return result;
    }

    /// <summary>
    /// Expands a timeline back to one id per frame (<c>ceil(durationMs / frameMs)</c> frames);
    /// the inverse of <see cref="FramesToTimeline"/>.
    /// </summary>
    public static int[] TimelineToFrames(VisemeTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var count = (timeline.DurationMs + timeline.FrameMs - 1) / timeline.FrameMs;
        var frames = new int[count];
        var cues = timeline.Cues;
        for (var c = 0; c < cues.Count; c++)
        {
            var start = cues[c].T / timeline.FrameMs;
            var end = c + 1 < cues.Count ? cues[c + 1].T / timeline.FrameMs : count;
            frames.AsSpan(start, Math.Max(0, Math.Min(end, count) - start)).Fill(cues[c].V);
        }

        return frames;
    }

    /// <summary>
    /// Parses and validates untrusted timeline JSON. The only exception it throws is a
    /// <see cref="LipsyncException"/> with code <c>bad_timeline</c> whose message names the first violation.
    /// </summary>
    /// <remarks>
    /// Rules beyond the spec's six (documented choices): unknown or duplicate properties are refused
    /// (a new field means a new version); integers must be whole JSON numbers (<c>1.0</c> and <c>"1"</c>
    /// are refused); <c>0 ≤ speechMs ≤ durationMs</c>; <c>0 &lt; frameMs ≤ 1000</c>; every cue after the
    /// first has <c>t</c> a multiple of frameMs and below durationMs; adjacent cues differ in viseme
    /// (canonical run-length form); at most <see cref="TimelineLimits.MaxJsonBytes"/> bytes and
    /// <see cref="TimelineLimits.MaxCues"/> cues.
    /// </remarks>
    public static VisemeTimeline ParseTimeline(string json)
    {
        if (json is null)
        {
            throw new LipsyncException(ErrorCodes.BadTimeline, "Invalid viseme timeline: the input is null.");
        }

        return TimelineParser.Parse(json);
    }

    /// <inheritdoc cref="ParseTimeline(string)"/>
    public static VisemeTimeline ParseTimeline(ReadOnlySpan<byte> utf8Json) => TimelineParser.Parse(utf8Json);
}
