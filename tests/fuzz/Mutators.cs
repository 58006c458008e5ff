namespace Lipsync.Fuzzing;

/// <summary>One structure-aware mutator per decoder path, by name: what <c>./test</c> and <c>./bench fuzz</c> run.</summary>
public static class Mutators
{
    public static IReadOnlyList<string> Formats { get; } = ["ogg", "opus", "webm", "flac", "mp3", "wav", "wav-g711", "adts", "m4a", "mp4-fragmented", "mp4-opus"];

    public static IMutator For(string format) => format switch
    {
        "ogg" => new OggMutator(Seeds.Ogg),
        "opus" => new OggMutator(Seeds.Opus, "opus"),
        "webm" => new WebmMutator(Seeds.Webm),
        "flac" => new FlacMutator(Seeds.Flac),
        "mp3" => new Mp3Mutator(Seeds.Mp3),
        "wav" => new WavMutator(Seeds.Wav),
        "wav-g711" => new WavMutator(Seeds.MuLawWav, "wav-g711"),
        "adts" => new AdtsMutator(Seeds.Adts),
        "m4a" => new Mp4Mutator(Seeds.StereoM4a, "m4a"),
        "mp4-fragmented" => new Mp4Mutator(Seeds.FragmentedMp4, "mp4-fragmented"),
        "mp4-opus" => new Mp4Mutator(Seeds.MediaRecorderMp4, "mp4-opus"),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no mutator for this format"),
    };
}
