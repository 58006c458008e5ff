using System.CommandLine;
using Lipsync.Licensing;
using Lipsync.Licensing.Admin;
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

        var services = new ServiceCollection().AddLogging().AddLicensingAdmin(configuration.Build()).BuildServiceProvider();
        return new CliContext(services, parse.GetValue(CliOptions.Json));
    }

    /// <summary>Runs a verb, turning expected failures into a message on stderr and a non-zero exit code.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<CliContext, Task> verb)
    {
        try
        {
            await using var context = Create(parse);
            await context.Get<StorageProvisioner>().EnsureCreatedAsync();
            await verb(context);
            return 0;
        }
        catch (AdminException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
        catch (Exception e) when (StorageFailures.IsOutage(e) || e is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            var detail = e is AggregateException a ? a.InnerExceptions[0].Message : e.Message;
            await Console.Error.WriteLineAsync($"error: storage or configuration problem: {detail.Split('\n')[0]}");
            return 2;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
