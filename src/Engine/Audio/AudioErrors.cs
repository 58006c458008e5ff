using Lipsync.Contracts.Errors;

namespace Lipsync.Engine.Audio;

/// <summary>Audio failures as catalogue errors, so every caller maps them to the same envelope.</summary>
internal static class AudioErrors
{
    public static LipsyncException Empty() => new(ErrorCodes.AudioEmpty, "The audio contains no samples.");

    public static LipsyncException Unsupported(string detail) =>
        new(ErrorCodes.AudioUnsupported, $"The audio format is not supported: {detail} Use {AudioDecoder.Supported}.");

    public static LipsyncException Undecodable(string detail, Exception? inner = null) =>
        new(ErrorCodes.AudioUndecodable, $"The audio could not be decoded: {detail}", innerException: inner);

    public static LipsyncException Truncated(double declaredSeconds, double heldSeconds) =>
        new(ErrorCodes.AudioTruncated, $"The audio is cut short: its header declares {declaredSeconds:0.###} s but the file holds {heldSeconds:0.###} s. Upload the whole file.");

    public static LipsyncException TooLong(TimeSpan limit) =>
        new(ErrorCodes.AudioTooLong, $"The audio is longer than {limit.TotalMinutes:F0} minutes, the limit of this engine.");
}
