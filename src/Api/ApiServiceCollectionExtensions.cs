using Lipsync.Api.Admission;
using Lipsync.Api.Batch;
using Lipsync.Api.Health;
using Lipsync.Api.Http;
using Lipsync.Api.License;
using Lipsync.Api.OpenApi;
using Lipsync.Jobs;
using Lipsync.Licensing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lipsync.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>How long both hosts give in-flight work to finish after a stop signal.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(6);

    /// <summary>Every handler both hosts bind, with the services behind them. One entry point for both hosts.</summary>
    public static IServiceCollection AddLipsyncApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLicensing(configuration);
        services.AddLipsyncJobs(configuration);
        services.AddOptions<BatchOptions>().Bind(configuration.GetSection(BatchOptions.SectionName))
            .Validate(o => o.SyncConcurrency >= 1 && o.SyncPerAccount >= 1 && o.SyncQueueTimeout >= TimeSpan.Zero && o.BodyTimeout > TimeSpan.Zero,
                "Batch:SyncConcurrency and Batch:SyncPerAccount must be at least 1, Batch:SyncQueueTimeout not negative, Batch:BodyTimeout positive.")
            .ValidateOnStart();
        services.TryAddSingleton<SyncAdmission>();

        // Kestrel's own body cap sits above every handler's, in both hosts (the Functions worker keeps
        // ASP.NET Core's ~28.6 MB default otherwise), so the handler's limit answers first with an envelope.
        var batch = configuration.GetSection(BatchOptions.SectionName).Get<BatchOptions>() ?? new BatchOptions();
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k =>
            k.Limits.MaxRequestBodySize = Math.Max(batch.JobUploadMaxBytes, batch.SyncMaxBytes) + (1024 * 1024));
        services.TryAddSingleton<BatchCallers>();
        services.TryAddSingleton<TimelineHandlers>();
        services.TryAddSingleton<JobHandlers>();
        services.TryAddSingleton(sp => new ConfigurationCheck(configuration, sp.GetRequiredService<Lipsync.Storage.StorageOptions>()));
        services.TryAddSingleton<ApiPipeline>();
        services.TryAddSingleton<LicenseHandlers>();
        services.TryAddSingleton<HealthHandler>();
        services.TryAddSingleton<OpenApiHandler>();
        services.TryAddSingleton<Models.ModelHandler>();
        services.TryAddSingleton<FallbackHandler>();
        services.AddOptions<ForwardingOptions>()
            .Bind(configuration.GetSection(ForwardingOptions.SectionName))
            .Validate(o => o.ForwardLimit >= 1 && o.KnownProxies.All(p => System.Net.IPAddress.TryParse(p, out _)) && o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)),
                "ForwardedHeaders: KnownProxies must be IP addresses, KnownNetworks CIDR networks, ForwardLimit at least 1.")
            .ValidateOnStart();
        services.AddOptions<AdmissionOptions>()
            .Bind(configuration.GetSection(AdmissionOptions.SectionName))
            .Validate(o => o.QueueDelayTarget > TimeSpan.Zero && o.MaxConcurrentRequests >= 1 && o.ProbeInterval > TimeSpan.Zero && o.RetryAfter > TimeSpan.Zero,
                "Admission: QueueDelayTarget, ProbeInterval and RetryAfter must be positive, MaxConcurrentRequests at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton<ThreadPoolDelayProbe>();
        services.TryAddSingleton<AdmissionMiddleware>();
        services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ApiStartupFilter>();

        // Stop within 10 s of SIGTERM whatever storage is doing: in-flight requests, queue functions and
        // background loops get 6 s after their cancellation (Azure kills after its own grace period).
        services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        return services;
    }
}
