namespace Lipsync.Jobs.Output;

/// <summary>
/// Where a job's results go in <c>timelines</c>: the whole input name plus <c>.json</c>, and
/// <c>.error.json</c> for a permanent failure (<c>audio-in/acme/a/talk.wav</c> ->
/// <c>timelines/acme/a/talk.wav.json</c>), so two inputs never share an output (<c>talk.wav</c> and
/// <c>talk.mp3</c> are different inputs). Jobs recorded before this rule keep the output name they
/// were given (<c>talk.json</c>), which is stored on the job and read back as it is.
/// </summary>
public static class OutputNames
{
    public static string TimelineFor(string inputName)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        return inputName + ".json";
    }

    public static string ErrorFor(string inputName)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        return inputName + ".error.json";
    }

    /// <summary>The account a drop-zone blob belongs to: its first path segment (<c>acme/...</c>).</summary>
    public static string AccountOf(string inputName)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        var slash = inputName.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? inputName[..slash] : "";
    }
}
