using Lipsync.Contracts.Errors;
using Lipsync.Licensing.Admin;
using Lipsync.Storage;

namespace Lipsync.Cli;

/// <summary>Turns any failure into one line on stderr and its exit code (<see cref="ExitCodes"/>).</summary>
internal static class CliErrors
{
    public static async Task<int> ReportAsync(Exception e)
    {
        var (code, line) = Describe(e);
        await Console.Error.WriteLineAsync(line);
        return code;
    }

    public static (int ExitCode, string Line) Describe(Exception e) => e switch
    {
        LipsyncException l when l.Code == ErrorCodes.ServiceUnavailable => (ExitCodes.Unavailable, $"error: {l.Code}: {FirstLine(l.Message)}"),
        LipsyncException l => (ExitCodes.Refused, $"error: {l.Code}: {FirstLine(l.Message)}"),
        ServiceUnavailableException s => (ExitCodes.Unavailable, $"error: {ErrorCodes.ServiceUnavailable}: {FirstLine(s.Message)} Is the storage emulator running (./run)?"),
        AdminException a => (ExitCodes.Refused, "error: " + FirstLine(a.Message)),
        FileNotFoundException f => (ExitCodes.Usage, $"error: no such file: {f.FileName ?? FirstLine(f.Message)}"),
        DirectoryNotFoundException or UnauthorizedAccessException or IOException => (ExitCodes.Usage, "error: " + FirstLine(e.Message)),
        OperationCanceledException => (ExitCodes.Refused, "error: cancelled"),
        Microsoft.Extensions.Options.OptionsValidationException o => (ExitCodes.Unavailable, "error: configuration: " + FirstLine(o.Message)),
        InvalidOperationException i => (ExitCodes.Unavailable, "error: configuration: " + FirstLine(i.Message)),
        _ when StorageFailures.IsOutage(e) => (ExitCodes.Unavailable, $"error: {ErrorCodes.ServiceUnavailable}: storage did not answer ({FirstLine(Innermost(e).Message)}). Is the storage emulator running (./run)?"),
        _ => (ExitCodes.Internal, $"error: {ErrorCodes.InternalError}: {e.GetType().Name}: {FirstLine(e.Message)}"),
    };

    private static Exception Innermost(Exception e) => e is AggregateException { InnerExceptions.Count: > 0 } a ? Innermost(a.InnerExceptions[0]) : e.InnerException is { } inner ? Innermost(inner) : e;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
