namespace Lipsync.Fuzzing;

/// <summary>One structure-aware mutator per decoder path, by name: what <c>./test</c> and <c>./bench fuzz</c> run.</summary>
public static class Mutators
{
    public static IReadOnlyList<string> Formats { get; } = ["ogg", "opus", "webm", "flac", "mp3", "wav", "wav-g711"];

    public static IMutator For(string format) => format switch
    {
        "ogg" => new OggMutator(Seeds.Ogg),
        "opus" => new OggMutator(Seeds.Opus, "opus"),
        "webm" => new WebmMutator(Seeds.Webm),
        "flac" => new FlacMutator(Seeds.Flac),
        "mp3" => new Mp3Mutator(Seeds.Mp3),
        "wav" => new WavMutator(Seeds.Wav),
        "wav-g711" => new WavMutator(Seeds.MuLawWav, "wav-g711"),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no mutator for this format"),
    };
}
