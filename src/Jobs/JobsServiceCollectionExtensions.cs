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
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.SectionName));
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.SectionName));
        services.TryAddSingleton(JobQueueSettings.Read(AppContext.BaseDirectory, configuration));
        services.TryAddSingleton<TimelineEngine>();
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<OutputWriter>();
        services.TryAddSingleton<SpeechUsage>();
        services.TryAddSingleton<JobSubmitter>();
        services.TryAddSingleton<TimelineJobProcessor>();
        services.TryAddSingleton<JobSweeper>();
        return services;
    }
}
