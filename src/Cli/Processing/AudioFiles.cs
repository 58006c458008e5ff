namespace Lipsync.Cli.Processing;

/// <summary>Which files in a folder are audio, for the verbs that take folders (the engine reads the format from the bytes).</summary>
internal static class AudioFiles
{
    private static readonly string[] Extensions = [".wav", ".mp3", ".ogg", ".oga", ".opus", ".webm", ".weba", ".mka", ".flac"];

    public static bool IsAudio(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());
}
