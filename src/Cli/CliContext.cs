using System.CommandLine;
using Lipsync.Jobs;
using Lipsync.Licensing;
using Lipsync.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lipsync.Cli;

/// <summary>
/// Services for one invocation, configured like the hosts (<c>AzureWebJobsStorage</c>, <c>License__*</c>),
/// so a key made here hashes with the same secret the running backend uses.
/// </summary>
internal sealed class CliContext : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CliContext(ServiceProvider services, bool json)
    {
        _services = services;
        Json = json;
    }

    public bool Json { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static CliContext Create(ParseResult parse)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables();
        if (parse.GetValue(CliOptions.Storage) is { Length: > 0 } storage)
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.ConnectionSetting] = storage });
        }

        var settings = configuration.Build();
        var services = new ServiceCollection().AddLogging().AddLicensingAdmin(settings).AddLipsyncJobs(settings).BuildServiceProvider();
        return new CliContext(services, parse.GetValue(CliOptions.Json));
    }

    /// <summary>Runs a storage verb; failures become one line on stderr and an exit code (<see cref="CliErrors"/>).</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<CliContext, Task> verb)
    {
        try
        {
            await using var context = Create(parse);
            await context.Get<StorageProvisioner>().EnsureCreatedAsync();
            await verb(context);
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return await CliErrors.ReportAsync(e);
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
