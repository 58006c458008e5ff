using Microsoft.Extensions.Configuration;

namespace Lipsync.Jobs;

/// <summary>
/// The queue settings of <c>host.json</c> (<c>extensions:queues</c>), which the Functions host applies to
/// its queue listener. LocalHost applies them to its WebJobs listener; both hosts read
/// <see cref="MaxDequeueCount"/> to know when an attempt is the last. As in the Functions host,
/// <c>AzureFunctionsJobHost__extensions__queues__*</c> settings override the file.
/// </summary>
public sealed class JobQueueSettings
{
    public int BatchSize { get; set; } = 16;

    public int NewBatchThreshold { get; set; } = 8;

    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Delay before a failed message is visible again.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string MessageEncoding { get; set; } = "base64";

    /// <summary>Reads <c>host.json</c> from <paramref name="directory"/>, then the app's overrides.</summary>
    public static JobQueueSettings Read(string directory, IConfiguration overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var settings = new JobQueueSettings();
        var path = Path.Combine(directory, "host.json");
        if (File.Exists(path))
        {
            new ConfigurationBuilder().AddJsonFile(path, optional: true).Build().GetSection("extensions:queues").Bind(settings);
        }

        overrides.GetSection("AzureFunctionsJobHost:extensions:queues").Bind(settings);
        return settings;
    }
}
