namespace Lipsync.Jobs.Output;

/// <summary>
/// Where a job's results go in <c>timelines</c>: the input name without its extension plus
/// <c>.json</c>, and <c>.error.json</c> beside it for a permanent failure
/// (<c>audio-in/acme/a/talk.wav</c> -> <c>timelines/acme/a/talk.json</c>).
/// </summary>
public static class OutputNames
{
    public static string TimelineFor(string inputName) => Stem(inputName) + ".json";

    public static string ErrorFor(string inputName) => Stem(inputName) + ".error.json";

    /// <summary>The account a drop-zone blob belongs to: its first path segment (<c>acme/...</c>).</summary>
    public static string AccountOf(string inputName)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        var slash = inputName.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? inputName[..slash] : "";
    }

    private static string Stem(string inputName)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        var lastSlash = inputName.LastIndexOf('/');
        var dot = inputName.LastIndexOf('.');
        return dot > lastSlash + 1 ? inputName[..dot] : inputName;
    }
}
