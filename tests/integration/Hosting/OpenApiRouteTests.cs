using System.Net;
using System.Text.Json.Nodes;
using Lipsync.IntegrationTests.License;

namespace Lipsync.IntegrationTests.Hosting;

/// <summary><c>GET /api/openapi.json</c> over real HTTP: the served document, readable cross-origin, with the catalogue filled in.</summary>
[Collection(EdgeTestGroup.Name)]
public sealed class OpenApiRouteTests(EdgeFixture edge)
{
    [Fact]
    public async Task The_document_is_served_to_any_origin_with_every_route_and_the_error_catalogue()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/openapi.json");
        request.Headers.Add("Origin", "https://integrator.example.net");

        using var response = await edge.Host.Client.SendAsync(request);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("3.1.0", (string?)document["openapi"]);
        Assert.Contains("/v1/license/refresh", document["paths"]!.AsObject().Select(p => p.Key));
        var codes = document["components"]!["schemas"]!["ErrorCode"]!["enum"]!.AsArray().Select(c => (string?)c).ToList();
        Assert.Contains("session_expired", codes);
        Assert.Contains("origin_not_allowed", codes);
    }
}
