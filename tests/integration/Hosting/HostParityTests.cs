using System.Text.Json;
using Lipsync.Api;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Lipsync.IntegrationTests.Hosting;

/// <summary>Both hosts expose the same functions: names, methods and routes of the Functions build's metadata equal LocalHost's.</summary>
public sealed class HostParityTests
{
    [Fact]
    public void Functions_metadata_matches_the_endpoint_table()
    {
        var metadata = ReadFunctionsMetadata();
        var table = ApiEndpoints.All.Select(e => (e.Name, Methods: string.Join(',', e.Methods.Order()), Route: e.Route)).OrderBy(e => e.Name).ToList();
        Assert.Equal(table, metadata);
    }

    [Fact]
    public async Task LocalHost_registers_exactly_the_functions_of_the_metadata()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });
        builder.Services.AddLipsyncApi(builder.Configuration);
        await using var app = builder.Build();
        app.MapLipsyncEndpoints();

        var registered = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .Select(e => (
                Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName,
                Methods: string.Join(',', e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => m.ToLowerInvariant()).Order()),
                Route: e.RoutePattern.RawText!.Replace(ApiRoutes.Prefix + "/", "", StringComparison.Ordinal).TrimStart('/')))
            .OrderBy(e => e.Name)
            .ToList();

        Assert.Equal(ReadFunctionsMetadata(), registered);
    }

    [Fact]
    public void LocalHost_runs_the_same_queue_triggers_and_stands_in_for_Event_Grid_and_the_timer()
    {
        var path = Repo.Output("Functions", "functions.metadata");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var triggers = doc.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Select(b => (Name: f.GetProperty("name").GetString()!, Binding: b)))
            .Where(x => x.Binding.GetProperty("type").GetString() is "queueTrigger" or "timerTrigger" or "blobTrigger")
            .ToList();
        var functionsQueues = triggers.Where(t => t.Binding.GetProperty("type").GetString() == "queueTrigger")
            .Select(t => (t.Name, Queue: t.Binding.GetProperty("queueName").GetString()!)).Order().ToList();

        var localMethods = typeof(LocalTriggers).GetMethods()
            .Select(m => (Method: m, Name: m.GetCustomAttributes(typeof(Microsoft.Azure.WebJobs.FunctionNameAttribute), false).Cast<Microsoft.Azure.WebJobs.FunctionNameAttribute>().SingleOrDefault()?.Name))
            .Where(x => x.Name is not null)
            .ToList();
        var localQueues = localMethods
            .SelectMany(x => x.Method.GetParameters().SelectMany(p => p.GetCustomAttributes(typeof(Microsoft.Azure.WebJobs.QueueTriggerAttribute), false))
                .Cast<Microsoft.Azure.WebJobs.QueueTriggerAttribute>().Select(a => (x.Name!, Queue: a.QueueName)))
            .Order().ToList();
        Assert.Equal(functionsQueues, localQueues);
        Assert.Equal([("TimelineJob", "timeline-jobs")], functionsQueues);

        // Azure: Event Grid writes BlobCreated to the queue (no blob trigger on Flex); locally a scanner does.
        Assert.DoesNotContain(triggers, t => t.Binding.GetProperty("type").GetString() == "blobTrigger");
        Assert.True(typeof(Microsoft.Extensions.Hosting.BackgroundService).IsAssignableFrom(typeof(DropZoneScanner)));

        // The sweeper: a timer function in Azure, a background service locally.
        Assert.Contains(triggers, t => t.Name == "JobSweep" && t.Binding.GetProperty("type").GetString() == "timerTrigger");
        Assert.True(typeof(Microsoft.Extensions.Hosting.BackgroundService).IsAssignableFrom(typeof(JobSweepService)));
    }

    private static List<(string Name, string Methods, string Route)> ReadFunctionsMetadata()
    {
        var path = Repo.Output("Functions", "functions.metadata");
        Assert.True(File.Exists(path), $"build the Functions project first ({path})");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray()
            .Select(f => (f, trigger: f.GetProperty("bindings").EnumerateArray().SingleOrDefault(b => b.GetProperty("type").GetString() == "httpTrigger")))
            .Where(x => x.trigger.ValueKind == JsonValueKind.Object)
            .Select(x => (
                Name: x.f.GetProperty("name").GetString()!,
                Methods: string.Join(',', x.trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).Order()),
                Route: x.trigger.GetProperty("route").GetString()!))
            .OrderBy(e => e.Name)
            .ToList();
    }

    [Theory]
    [InlineData("Functions")]
    [InlineData("LocalHost")]
    [InlineData("Cli")]
    public void Every_host_ships_the_decode_worker_next_to_the_engine(string project)
    {
        // The engine runs MP3 and Ogg decoding in this process; without it those formats fail with engine_failure.
        foreach (var file in new[] { "Lipsync.DecodeWorker.dll", "Lipsync.DecodeWorker.runtimeconfig.json", "Lipsync.Engine.dll" })
        {
            Assert.True(File.Exists(Repo.Output(project, file)), $"{project} lacks {file}");
        }
    }
}
