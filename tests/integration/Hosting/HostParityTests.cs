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

    private static List<(string Name, string Methods, string Route)> ReadFunctionsMetadata()
    {
        var path = Repo.Output("Functions", "functions.metadata");
        Assert.True(File.Exists(path), $"build the Functions project first ({path})");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray()
            .Select(f => (f, trigger: f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger")))
            .Select(x => (
                Name: x.f.GetProperty("name").GetString()!,
                Methods: string.Join(',', x.trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).Order()),
                Route: x.trigger.GetProperty("route").GetString()!))
            .OrderBy(e => e.Name)
            .ToList();
    }
}
