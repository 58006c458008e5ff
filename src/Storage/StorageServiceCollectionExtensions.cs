using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lipsync.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="StorageClients"/> for the <c>AzureWebJobsStorage</c> connection and the provisioner.</summary>
    public static IServiceCollection AddLipsyncStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = StorageClients.ReadOptions(configuration);
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => new StorageClients(sp.GetRequiredService<StorageOptions>()));
        services.TryAddSingleton<StorageProvisioner>();
        return services;
    }
}
