using Lipsync.Api.Http;
using Lipsync.Contracts.Errors;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Lipsync.LocalHost.Demo;

/// <summary>
/// <c>/demo</c>: the web demo's static files (LocalHost only; the Functions app serves no pages). Served
/// from the API's own origin, so the page's dev key may call the batch routes, which answer no CORS.
/// Missing files and an unbuilt demo get the API's JSON envelopes, like every other path.
/// </summary>
public sealed class DemoPage : IDisposable
{
    // The page loads only its own files and talks only to this origin; audio plays from blob: URLs.
    // 'wasm-unsafe-eval' lets the on-device engine compile ONNX Runtime's WebAssembly, and nothing else.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();
    private readonly string _root;
    private PhysicalFileProvider? _files;
    private readonly ApiPipeline _pipeline;

    public DemoPage(IOptions<DemoOptions> options, IWebHostEnvironment environment, ApiPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _root = Path.GetFullPath(options.Value.Root, environment.ContentRootPath);
        _pipeline = pipeline;
    }

    /// <summary>One file of the demo; <c>/demo/</c> is its <c>index.html</c>.</summary>
    public Task<IResult> ServeAsync(HttpRequest request, string? file)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(file) && !request.Path.Value!.EndsWith('/'))
        {
            return Task.FromResult<IResult>(TypedResults.Redirect("/demo/")); // so the page's relative URLs resolve under /demo/
        }

        // Looked for on each request until found: a demo built after LocalHost started is served without a restart.
        var files = _files ?? Found();
        if (files is null)
        {
            return _pipeline.RunAsync(request, cors: null, () => Task.FromResult<IResult>(ApiResult.Error(
                ErrorCodes.RouteNotFound, $"The demo page is not built (nothing at {_root}): run `cd web && npm ci && npm run build`, which ./run does.")));
        }

        // The provider refuses paths that climb out of the root (..), absolute paths and dot files.
        var info = files.GetFileInfo(string.IsNullOrEmpty(file) ? "index.html" : file);
        if (!info.Exists || info.IsDirectory || info.PhysicalPath is null)
        {
            return _pipeline.RunAsync(request, cors: null, () => Task.FromResult<IResult>(ApiResult.Error(
                ErrorCodes.RouteNotFound, $"The demo has no file at {request.Path}.")));
        }

        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=()";
        var contentType = ContentTypes.TryGetContentType(info.Name, out var type) ? type : "application/octet-stream";
        return Task.FromResult<IResult>(TypedResults.PhysicalFile(
            info.PhysicalPath, contentType, lastModified: info.LastModified, entityTag: new EntityTagHeaderValue($"\"{info.LastModified.UtcTicks:x}-{info.Length:x}\""), enableRangeProcessing: true));
    }

    public void Dispose() => _files?.Dispose();

    private PhysicalFileProvider? Found()
    {
        if (!Directory.Exists(_root))
        {
            return null;
        }

        var created = new PhysicalFileProvider(_root);
        var winner = Interlocked.CompareExchange(ref _files, created, null);
        if (winner is not null)
        {
            created.Dispose(); // another request got there first
        }

        return winner ?? created;
    }

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".js"] = "text/javascript; charset=utf-8";
        provider.Mappings[".mjs"] = "text/javascript; charset=utf-8";
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".onnx"] = "application/octet-stream";
        provider.Mappings[".map"] = "application/json";
        provider.Mappings[".html"] = "text/html; charset=utf-8";
        provider.Mappings[".css"] = "text/css; charset=utf-8";
        return provider;
    }
}
