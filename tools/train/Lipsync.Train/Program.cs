using System.Globalization;
using Lipsync.Train;

LabelLag.Seconds = Array.IndexOf(args, "--label-lag-ms") is var lag and >= 0 ? double.Parse(args[lag + 1], CultureInfo.InvariantCulture) / 1000 : 0;

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

return args.FirstOrDefault() switch
{
    "export" when args.Length >= 4 => ExportCommand.Run(args[1], args[2], args[3..].TakeWhile(a => a != "--from"),
        Option("--from") is { } from ? int.Parse(from, CultureInfo.InvariantCulture) : 0),
    "eval" when args.Length >= 3 => EvalCommand.Run(args[1], args[2], Option("--json"), Option("--confusion"),
        Option("--switch-penalty") is { } sp ? float.Parse(sp, CultureInfo.InvariantCulture) : null,
        Option("--min-run") is { } mr ? int.Parse(mr, CultureInfo.InvariantCulture) : null,
        Option("--silence-dbfs") is { } sd ? float.Parse(sd, CultureInfo.InvariantCulture) : null,
        Option("--silence-min") is { } sm ? int.Parse(sm, CultureInfo.InvariantCulture) : null,
        Option("--ext") ?? ".wav", Option("--media-type"), Option("--narrow-band")),
    "score" when args.Length >= 4 => ScoreCommand.Run(args[1], args[2], args[3], Option("--json")),
    "noisy" when args.Length >= 4 => NoisyCommand.Run(args[1], args[2], double.Parse(args[3], CultureInfo.InvariantCulture)),
    "parity" when args.Length >= 4 => ParityCommand.Run(args[1], args[2], args[3]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Lipsync.Train export <out-dir> <split> <voice-dir>... [--from n]
               Lipsync.Train eval <model.onnx> <voice-dir> [--json file] [--confusion file.csv] [--label-lag-ms n]
                                  [--switch-penalty p] [--min-run n] [--silence-dbfs d] [--silence-min n]
                                  [--ext .opus] [--media-type 'audio/L16;rate=8000']   (audio beside each .lab; raw audio's type)
                                  [--narrow-band model-8k.onnx]   (8 kHz input to this model, as served)
               Lipsync.Train score <voice-dir> <peer-output-dir> <name> [--json file]
               Lipsync.Train noisy <in-dir> <out-dir> <snr-dB>
               Lipsync.Train parity <model.onnx> <features.npy [1,40,T]> <logits.npy [1,22,T]>
        """);
    return 2;
}
