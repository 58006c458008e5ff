using System.Net;
using System.Text.Json;
using Lipsync.Contracts.Errors;

namespace Lipsync.IntegrationTests.Hardening;

/// <summary>
/// The hardening probe's finding 4: paths with a file extension got an empty 404, HEAD on GET routes
/// a 405, unknown methods an empty 405. Every answer the app can shape is now an envelope, and HEAD
/// goes wherever GET does.
/// </summary>
public sealed class EnvelopeEverywhereTests(ClientFaultFixture fixture) : IClassFixture<ClientFaultFixture>
{
    private HttpClient Client => fixture.Pipeline.Host.Client;

    [Theory]
    [InlineData("GET", "/favicon.ico", 404, ErrorCodes.RouteNotFound)]
    [InlineData("GET", "/index.php", 404, ErrorCodes.RouteNotFound)]
    [InlineData("GET", "/api/v1/license/jwks.json", 404, ErrorCodes.RouteNotFound)]
    [InlineData("POST", "/api/v1/timelines.wav", 404, ErrorCodes.RouteNotFound)]
    [InlineData("TRACE", "/api/v1/jobs", 405, ErrorCodes.MethodNotAllowed)]
    [InlineData("BREW", "/api/health", 405, ErrorCodes.MethodNotAllowed)]
    [InlineData("DELETE", "/api/health", 405, ErrorCodes.MethodNotAllowed)]
    public async Task Error_statuses_carry_an_envelope(string method, string path, int status, string code)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var envelope = JsonDocument.Parse(body);
        Assert.Equal(code, envelope.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(envelope.RootElement.GetProperty("requestId").GetString()));
    }

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/v1/license/jwks")]
    public async Task Head_is_allowed_wherever_get_is(string path)
    {
        using var get = await Client.GetAsync(new Uri(path, UriKind.Relative));
        using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
