namespace Lipsync.Storage;

/// <summary>Storage names of the contract (ARCHITECTURE.md, "Contract: storage names").</summary>
public static class StorageNames
{
    public const string KeysTable = "keys";
    public const string AccountsTable = "accounts";
    public const string SessionsTable = "sessions";
    public const string JobsTable = "jobs";
    public const string UsageTable = "usage";

    public const string AudioInContainer = "audio-in";
    public const string TimelinesContainer = "timelines";

    public const string JobsQueue = "timeline-jobs";
    public const string JobsPoisonQueue = "timeline-jobs-poison";

    /// <summary>The one storage connection setting, shared with the Functions host.</summary>
    public const string ConnectionSetting = "AzureWebJobsStorage";

    public static IReadOnlyList<string> Tables { get; } = [KeysTable, AccountsTable, SessionsTable, JobsTable, UsageTable];

    public static IReadOnlyList<string> Containers { get; } = [AudioInContainer, TimelinesContainer];

    public static IReadOnlyList<string> Queues { get; } = [JobsQueue, JobsPoisonQueue];
}
