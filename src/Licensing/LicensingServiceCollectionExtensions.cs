using Lipsync.Licensing.Admin;
using Lipsync.Licensing.Lookup;
using Lipsync.Licensing.Keys;
using Lipsync.Licensing.RateLimiting;
using Lipsync.Licensing.Sessions;
using Lipsync.Licensing.Signing;
using Lipsync.Licensing.Usage;
using Lipsync.Licensing.Verification;
using Lipsync.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lipsync.Licensing;

public static class LicensingServiceCollectionExtensions
{
    /// <summary>The license edge's services: verification with its cache and limits, sessions, signing, usage.</summary>
    public static IServiceCollection AddLicensing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLicensingAdmin(configuration);
        services.TryAddSingleton<TableKeyDirectory>();
        services.TryAddSingleton(sp => new CachedKeyDirectory(
            sp.GetRequiredService<TableKeyDirectory>(), sp.GetRequiredService<IOptions<LicensingOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IKeyDirectory>(sp => sp.GetRequiredService<CachedKeyDirectory>());
        services.TryAddSingleton<FailedAttemptLimiter>();
        services.TryAddSingleton<KeyVerifier>();
        services.TryAddSingleton(sp => new SessionTokens(sp.GetRequiredService<IOptions<LicensingOptions>>().Value.KeyHashSecret!));
        services.TryAddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<StorageOptions>();
            var options = sp.GetRequiredService<IOptions<LicensingOptions>>().Value;
            return new LicenseSigner(
                () => SigningKeyLoader.Load(options, allowGenerated: storage.IsDevelopmentStorage),
                () => SigningKeyLoader.LoadPrevious(options));
        });
        services.TryAddSingleton<MauRecorder>();
        services.AddHostedService<UsageFlushService>();
        services.TryAddSingleton<LicenseService>();
        return services;
    }

    /// <summary>What the CLI needs: storage, options, the key hasher and the admin services.</summary>
    public static IServiceCollection AddLicensingAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLipsyncStorage(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LicensingOptions>()
            .Bind(configuration.GetSection(LicensingOptions.SectionName))
            .Configure<StorageOptions>((o, storage) =>
            {
                // The shared development secret is only ever used against the local emulator.
                if (string.IsNullOrEmpty(o.KeyHashSecret) && storage.IsDevelopmentStorage)
                {
                    o.KeyHashSecret = LicensingOptions.DevelopmentKeyHashSecret;
                }
            })
            .Validate(o => !string.IsNullOrEmpty(o.KeyHashSecret), "License:KeyHashSecret must be set outside the local storage emulator.")
            .Validate(o => o.SessionTtl > TimeSpan.Zero && o.RefreshAfter > TimeSpan.Zero && o.RefreshAfter < o.SessionTtl, "License:RefreshAfter must be positive and shorter than License:SessionTtl.")
            .Validate(o => o.CacheFreshFor <= o.CacheMaxStale && o.CacheMaxStale <= TimeSpan.FromSeconds(60), "License:CacheMaxStale must be at least CacheFreshFor and at most 60 seconds.")
            .Validate(o => o.FailuresPerAddress > 0 && o.FailuresPerKey > 0 && o.RateLimitWindow > TimeSpan.Zero, "Rate limits must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new KeyHasher(sp.GetRequiredService<IOptions<LicensingOptions>>().Value.KeyHashSecret!));
        services.TryAddSingleton<AccountAdmin>();
        services.TryAddSingleton<KeyAdmin>();
        return services;
    }
}
