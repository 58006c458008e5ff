using System.CommandLine;

namespace Lipsync.Cli;

/// <summary>Options of the verbs that talk to storage (not of <c>timeline</c> or <c>validate</c>, which work on files).</summary>
internal static class CliOptions
{
    public static readonly Option<string?> Storage = new("--storage")
    {
        Description = "Storage connection string (default: $AzureWebJobsStorage, else UseDevelopmentStorage=true).",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print machine-readable JSON.",
        Recursive = true,
    };

    /// <summary>Adds the storage options to a verb group (and so to all its verbs).</summary>
    public static void AddTo(Command group)
    {
        group.Options.Add(Storage);
        group.Options.Add(Json);
    }
}
