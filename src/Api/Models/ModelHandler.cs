using System.Security.Cryptography;
using Lipsync.Api.Http;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Models;
using Lipsync.Contracts.Serialization;
using Lipsync.Engine;
using Lipsync.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Lipsync.Api.Models;

/// <summary>
/// The viseme model for on-device engines (the web SDK's), from any origin and without a key: the
/// license, not the download, gates inference. <c>GET /api/v1/models/viseme</c> names the current
/// version (a short cache); <c>GET /api/v1/models/viseme/{version}</c> is those bytes, immutable, with an
/// ETag (a 304 for a client that has them).
/// </summary>
public sealed class ModelHandler(ApiPipeline pipeline, IOptions<EngineOptions> options)
{
    private const string Name = "viseme";
    // PublicationOnly: a failed load (file missing) is not cached; the next request tries again.
    private readonly Lazy<ModelFile> _model = new(() => ModelFile.Load(options.Value.ModelPath), LazyThreadSafetyMode.PublicationOnly);

    /// <summary>The version's path under <c>/api</c>.</summary>
    public static string PathOf(string version) => $"/{ApiRoutes.Prefix}/{ApiRoutes.ModelManifest}/{version}";

    public Task<IResult> ManifestAsync(HttpRequest request) =>
        pipeline.RunAsync(request, Cors.Get, () =>
        {
            var model = _model.Value;
            var manifest = new ModelManifest(Name, model.Version, PathOf(model.Version), model.Bytes.LongLength, model.Sha256);
            return Task.FromResult<IResult>(ApiResult.Json(manifest, ContractsJson.Context.ModelManifest).WithHeader("Cache-Control", "public, max-age=300"));
        }, gated: false);

    public Task<IResult> FileAsync(HttpRequest request, string version) =>
        pipeline.RunAsync(request, Cors.Get, () =>
        {
            var model = _model.Value;
            if (!string.Equals(version, model.Version, StringComparison.Ordinal))
            {
                return Task.FromResult<IResult>(ApiResult.Error(ErrorCodes.RouteNotFound, $"No model version '{version}' is served; the current one is at {PathOf(model.Version)} (see GET /{ApiRoutes.Prefix}/{ApiRoutes.ModelManifest})."));
            }

            // Bytes of one version never change: cache for good; the ETag answers If-None-Match with 304.
            request.HttpContext.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Task.FromResult<IResult>(TypedResults.Bytes(model.Bytes, "application/octet-stream", entityTag: model.ETag));
        }, gated: false);

    /// <summary>The model's bytes, read once, and the names derived from them.</summary>
    private sealed record ModelFile(byte[] Bytes, string Sha256)
    {
        /// <summary>First 16 hex digits of the SHA-256: names immutable bytes.</summary>
        public string Version => Sha256[..16];

        public EntityTagHeaderValue ETag { get; } = new($"\"{Sha256}\"");

        public static ModelFile Load(string path)
        {
            if (!File.Exists(path))
            {
                throw new ServiceUnavailableException($"The model file is missing at {path}.");
            }

            var bytes = File.ReadAllBytes(path);
            return new ModelFile(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }
}
