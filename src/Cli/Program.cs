using System.CommandLine;
using Lipsync.Cli;
using Lipsync.Cli.Admin;
using Lipsync.Cli.Processing;

var root = new RootCommand("lipsync: viseme timelines and license administration for the lip-sync backend.");
root.Options.Add(CliOptions.Storage);
root.Options.Add(CliOptions.Json);
root.Subcommands.Add(TimelineCommands.Timeline());
root.Subcommands.Add(TimelineCommands.Validate());
root.Subcommands.Add(AccountCommands.Create());
root.Subcommands.Add(OriginCommands.Create());
root.Subcommands.Add(KeyCommands.Create());
return await root.Parse(args).InvokeAsync();
