using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Lipsync.Contracts.Errors;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.IntegrationTests.License;

namespace Lipsync.IntegrationTests.Hosting;

/// <summary>
/// <c>/api/v1/models/viseme</c> over real HTTP: the manifest names the current version, whose bytes are
/// the shipped model, immutable and cacheable (ETag, 304), readable from any origin without a key.
/// </summary>
[Collection(EdgeTestGroup.Name)]
public sealed class ModelRouteTests(EdgeFixture edge)
{
    [Fact]
    public async Task The_manifest_names_an_immutable_version_whose_bytes_are_the_shipped_model()
    {
        var client = edge.Host.Client;
        using var manifestRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models/viseme");
        manifestRequest.Headers.Add("Origin", "https://app.example.com");
        using var manifestResponse = await client.SendAsync(manifestRequest);
        Assert.Equal(HttpStatusCode.OK, manifestResponse.StatusCode);
        Assert.Equal("*", manifestResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var manifest = JsonDocument.Parse(await manifestResponse.Content.ReadAsStringAsync());
        var version = manifest.RootElement.GetProperty("version").GetString()!;
        var url = manifest.RootElement.GetProperty("url").GetString()!;
        var shipped = await File.ReadAllBytesAsync(Path.Combine(Repo.Root, "models", "viseme.onnx"));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(shipped));
        Assert.Equal(sha256[..16], version);
        Assert.Equal(sha256, manifest.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(shipped.LongLength, manifest.RootElement.GetProperty("bytes").GetInt64());
        Assert.Equal($"/api/v1/models/viseme/{version}", url);

        using var file = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(shipped, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("public, max-age=31536000, immutable", file.Headers.CacheControl?.ToString());
        Assert.Equal($"\"{sha256}\"", file.Headers.ETag?.Tag);
        Assert.Equal("*", file.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha256}\""));
        using var notModified = await client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var stale = await client.GetAsync(new Uri("/api/v1/models/viseme/0123456789abcdef", UriKind.Relative));
        var body = await stale.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);
        Assert.True(ErrorEnvelope.TryParse(System.Text.Encoding.UTF8.GetBytes(body), out var envelope), body);
        Assert.Equal(ErrorCodes.RouteNotFound, envelope.Code);
        Assert.Contains(url, envelope.Message, StringComparison.Ordinal);
    }
}
