using System.Text.Json;
using System.Text.Json.Nodes;
using Lipsync.Api.OpenApi;
using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Hosting;

/// <summary>
/// The web SDK builds its error classes from <c>web/sdk/openapi.json</c>; that copy must be the document
/// the backend serves, or the SDK would drift from the catalogue. Refresh it with
/// <c>LIPSYNC_UPDATE_SNAPSHOTS=1 dotnet test tests/integration --filter SdkContractSnapshot</c>.
/// </summary>
public sealed class SdkContractSnapshotTests
{
    [Fact]
    public async Task The_web_sdks_copy_of_the_openapi_document_is_the_served_one()
    {
        var path = Path.Combine(Repo.Root, "web", "sdk", "openapi.json");
        var served = JsonNode.Parse(OpenApiDocument.Utf8.Span)!;
        if (Environment.GetEnvironmentVariable("LIPSYNC_UPDATE_SNAPSHOTS") == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var copy = JsonNode.Parse(await File.ReadAllTextAsync(path));

        Assert.True(JsonNode.DeepEquals(served, copy), $"{path} is stale: run LIPSYNC_UPDATE_SNAPSHOTS=1 dotnet test tests/integration --filter SdkContractSnapshot");
    }
}
