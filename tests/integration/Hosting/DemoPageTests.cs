using System.Net;
using System.Net.Http.Headers;
using Lipsync.Contracts.Errors;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.IntegrationTests.License;

namespace Lipsync.IntegrationTests.Hosting;

/// <summary>
/// LocalHost's <c>/demo</c> over real HTTP: the built page's files with their types and a strict content
/// security policy, nothing outside its folder, and JSON envelopes (never a bare 404) for the rest.
/// The page itself is driven in Chromium by tests/browser.
/// </summary>
[Collection(EdgeTestGroup.Name)]
public sealed class DemoPageTests(EdgeFixture edge) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lipsync-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_demo_folder_is_served_under_demo_with_types_and_a_content_security_policy_and_nothing_else()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir, "dist")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), "<!doctype html><title>demo</title>");
        await File.WriteAllTextAsync(Path.Combine(root, "demo.js"), "export {};");
        await File.WriteAllBytesAsync(Path.Combine(root, "hello.wav"), new byte[1000]);
        await File.WriteAllTextAsync(Path.Combine(root, ".env"), "SECRET=1");
        await File.WriteAllTextAsync(Path.Combine(_dir, "outside.txt"), "not part of the demo");
        await using var host = await LocalHostProcess.StartAsync(edge.StorageConnectionString, new Dictionary<string, string?> { ["Demo__Root"] = root });
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using (var redirect = await client.GetAsync(new Uri("/demo", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal("/demo/", redirect.Headers.Location?.OriginalString);
        }

        using (var page = await client.GetAsync(new Uri("/demo/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Equal("<!doctype html><title>demo</title>", await page.Content.ReadAsStringAsync());
            var csp = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.False(page.Headers.Contains("Access-Control-Allow-Origin"), "the page's files are for its own origin only");
        }

        using (var script = await client.GetAsync(new Uri("/demo/demo.js", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        }

        // Media elements seek with ranges.
        using (var range = new HttpRequestMessage(HttpMethod.Get, "/demo/hello.wav"))
        {
            range.Headers.Range = new RangeHeaderValue(100, 199);
            using var partial = await client.SendAsync(range);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(100, (await partial.Content.ReadAsByteArrayAsync()).Length);
            Assert.Equal("audio/wav", partial.Content.Headers.ContentType?.MediaType);
        }

        foreach (var path in new[] { "/demo/missing.js", "/demo/.env", "/demo/%2E%2E/outside.txt", "/demo/..%2Foutside.txt", "/demo/sub/" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode} {body}");
            Assert.True(ErrorEnvelope.TryParse(System.Text.Encoding.UTF8.GetBytes(body), out var envelope), $"{path}: {body}");
            Assert.Equal(ErrorCodes.RouteNotFound, envelope.Code);
            Assert.DoesNotContain("SECRET", body, StringComparison.Ordinal);
            Assert.DoesNotContain("not part of the demo", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unbuilt_demo_is_an_envelope_that_says_how_to_build_it()
    {
        await using var host = await LocalHostProcess.StartAsync(edge.StorageConnectionString, new Dictionary<string, string?> { ["Demo__Root"] = Path.Combine(_dir, "never-built") });
        using var response = await host.Client.GetAsync(new Uri("/demo/", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(ErrorEnvelope.TryParse(System.Text.Encoding.UTF8.GetBytes(body), out var envelope), body);
        Assert.Equal(ErrorCodes.RouteNotFound, envelope.Code);
        Assert.Contains("npm run build", envelope.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(envelope.RequestId));
    }
}
