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
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return await CliErrors.ReportAsync(e);
}
