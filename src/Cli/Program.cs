using System.CommandLine;
using Lipsync.Cli;
using Lipsync.Cli.Admin;
using Lipsync.Cli.Jobs;
using Lipsync.Cli.Processing;

var root = new RootCommand($"""
    lipsync: viseme timelines, batch jobs and license administration for the lip-sync backend.

    {ExitCodes.Help}
    """);
root.Subcommands.Add(TimelineCommands.Timeline());
root.Subcommands.Add(TimelineCommands.Validate());
root.Subcommands.Add(JobCommands.Create());
root.Subcommands.Add(AccountCommands.Create());
root.Subcommands.Add(OriginCommands.Create());
root.Subcommands.Add(KeyCommands.Create());

// Every failure is one line on stderr (with the catalogue code where there is one), never a stack trace.
try
{
    var parse = root.Parse(args);
    if (parse.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
    {
        // Usage errors: one line each and exit 2, as --help documents (not the whole help text).
        foreach (var error in parse.Errors)
        {
            await Console.Error.WriteLineAsync("error: " + string.Join(' ', error.Message.Split(['\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) + " (--help shows the usage)");
        }

        return ExitCodes.Usage;
    }

    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return await CliErrors.ReportAsync(e);
}
