namespace Lipsync.Cli;

/// <summary>What <c>lipsync</c> exits with; printed by <c>--help</c>.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The input was refused (a catalogue code is printed), or some files of a batch failed.</summary>
    public const int Refused = 1;

    /// <summary>Wrong arguments, or a file that cannot be read or written.</summary>
    public const int Usage = 2;

    /// <summary>Storage or configuration is unavailable (e.g. no emulator running); try again.</summary>
    public const int Unavailable = 3;

    /// <summary>An unexpected failure (a bug: report it with the line printed).</summary>
    public const int Internal = 70;

    public const string Help = """
        Exit codes: 0 success; 1 input refused (its error code is printed) or some files failed;
        2 usage or file error; 3 storage or configuration unavailable; 70 unexpected failure.
        """;
}
