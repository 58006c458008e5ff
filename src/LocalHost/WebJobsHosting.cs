using Azure.Storage.Queues;
using Lipsync.Jobs;
using Lipsync.Storage;

namespace Lipsync.LocalHost;

internal static class WebJobsHosting
{
    /// <summary>
    /// Runs <see cref="LocalTriggers"/> on the WebJobs SDK inside this web host, with host.json's queue
    /// settings, the sweeper loop and the drop-zone scanner. Storage is the one <c>AzureWebJobsStorage</c> connection.
    /// </summary>
    public static void AddLocalTriggers(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration[StorageNames.ConnectionSetting]) && string.IsNullOrEmpty(configuration[$"{StorageNames.ConnectionSetting}:accountName"]))
        {
            configuration[StorageNames.ConnectionSetting] = StorageOptions.DevelopmentConnectionString;
        }

        var queues = JobQueueSettings.Read(AppContext.BaseDirectory, configuration);
        builder.Services.AddSingleton<LocalTriggers>();
        builder.Services.AddSingleton<Lipsync.Jobs.Submission.DropZoneReconciler>();
        builder.Services.AddHostedService<JobSweepService>();
        builder.Services.AddHostedService<RetentionSweepService>();
        builder.Services.AddHostedService<DropZoneScanner>();
        builder.Host.ConfigureWebJobs(webJobs =>
        {
            webJobs.AddAzureStorageCoreServices();
            webJobs.AddAzureStorageQueues(o =>
            {
                o.BatchSize = queues.BatchSize;
                o.NewBatchThreshold = queues.NewBatchThreshold;
                o.MaxDequeueCount = queues.MaxDequeueCount;
                o.VisibilityTimeout = queues.VisibilityTimeout;
                o.MaxPollingInterval = queues.MaxPollingInterval;
                o.MessageEncoding = string.Equals(queues.MessageEncoding, "none", StringComparison.OrdinalIgnoreCase) ? QueueMessageEncoding.None : QueueMessageEncoding.Base64;
            });
        });
    }
}
