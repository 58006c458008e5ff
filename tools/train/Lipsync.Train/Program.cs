using System.Globalization;
using Lipsync.Train;

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

return args.FirstOrDefault() switch
{
    "export" when args.Length >= 4 => ExportCommand.Run(args[1], args[2], args[3..]),
    "eval" when args.Length >= 3 => EvalCommand.Run(args[1], args[2],
        Option("--snr") is { } snr ? double.Parse(snr, CultureInfo.InvariantCulture) : null, Option("--json"), Option("--confusion")),
    "parity" when args.Length >= 4 => ParityCommand.Run(args[1], args[2], args[3]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Lipsync.Train export <out-dir> <split> <voice-dir>...
               Lipsync.Train eval <model.onnx> <voice-dir> [--snr dB] [--json file] [--confusion file.csv]
               Lipsync.Train parity <model.onnx> <features.npy [1,40,T]> <logits.npy [1,22,T]>
        """);
    return 2;
}
