using System.CommandLine;

namespace Lipsync.Cli;

/// <summary>Options every verb understands.</summary>
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
}
