using Lipsync.Engine;
using Lipsync.Jobs.Output;
using Lipsync.Jobs.Processing;
using Lipsync.Jobs.Records;
using Lipsync.Jobs.Recovery;
using Lipsync.Jobs.Submission;
using Lipsync.Jobs.Usage;
using Lipsync.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lipsync.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>The engine and the batch pipeline; queue settings from the <c>host.json</c> next to the binaries.</summary>
    public static IServiceCollection AddLipsyncJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLipsyncStorage(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EngineOptions>()
            .Bind(configuration.GetSection(EngineOptions.SectionName))
            .Validate(o => o.IntraOpThreads >= 1 && o.MaxDuration > TimeSpan.Zero, "Engine:IntraOpThreads must be at least 1 and Engine:MaxDuration positive.")
            .Validate(o => o.SwitchPenalty >= 0 && o.MinRunFrames >= 1 && o.SilenceMinFrames >= 1, "Engine:SwitchPenalty must be non-negative, Engine:MinRunFrames and Engine:SilenceMinFrames at least 1.")
            .Validate(o => o.DecodeWorkers >= 1 && o.DecodeStallTimeout > TimeSpan.Zero && o.DecodeWorkerHeapMb >= 64, "Engine:DecodeWorkers must be at least 1, Engine:DecodeStallTimeout positive and Engine:DecodeWorkerHeapMb at least 64.")
            // A missing model would otherwise surface at the first request, and fail every request after it.
            .Validate(o => File.Exists(o.ModelPath), "Engine:ModelPath must name an existing ONNX model file.")
            .Validate(o => string.IsNullOrEmpty(o.NarrowBandModelPath) || File.Exists(o.NarrowBandModelPath), "Engine:NarrowBandModelPath must name an existing ONNX model file, or be empty to read 8 kHz audio with Engine:ModelPath.")
            .ValidateOnStart();
        services.AddOptions<JobsOptions>()
            .Bind(configuration.GetSection(JobsOptions.SectionName))
            .Validate(o => o.LeaseDuration > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero && o.DropZoneScanInterval > TimeSpan.Zero && o.QueuedGrace > TimeSpan.Zero, "Jobs: lease, sweep, scan and grace intervals must be positive.")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.RetryBaseDelay <= o.RetryMaxDelay, "Jobs:RetryBaseDelay must be positive and at most Jobs:RetryMaxDelay.")
            .Validate(o => o.MaxInputBytes > 0, "Jobs:MaxInputBytes must be positive.")
            .Validate(o => o.ProcessingTimeout > TimeSpan.Zero && o.MaxConcurrentPerAccount >= 1 && o.DeferDelay >= TimeSpan.Zero && o.MemoryBudgetMb >= 64,
                "Jobs:ProcessingTimeout must be positive, Jobs:MaxConcurrentPerAccount at least 1, Jobs:DeferDelay not negative, Jobs:MemoryBudgetMb at least 64.")
            .Validate(o => o.RecordRetention > TimeSpan.Zero && o.UsageRetention > TimeSpan.Zero && o.RetentionSweepInterval > TimeSpan.Zero,
                "Jobs:RecordRetention, Jobs:UsageRetention and Jobs:RetentionSweepInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(JobQueueSettings.Read(AppContext.BaseDirectory, configuration));
        services.TryAddSingleton<TimelineEngine>();
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<OutputWriter>();
        services.TryAddSingleton<SpeechUsage>();
        services.TryAddSingleton<JobSubmitter>();
        services.TryAddSingleton<JobAdmission>();
        services.TryAddSingleton<TimelineJobProcessor>();
        services.TryAddSingleton<JobSweeper>();
        services.TryAddSingleton<UsageRetention>();
        services.TryAddSingleton<RetentionSweeper>();
        return services;
    }
}
