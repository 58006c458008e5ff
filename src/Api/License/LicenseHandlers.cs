using Lipsync.Api.Http;
using Lipsync.Contracts.Serialization;
using Lipsync.Licensing;
using Lipsync.Licensing.Sessions;
using Lipsync.Licensing.Signing;
using Lipsync.Licensing.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lipsync.Api.License;

/// <summary>
/// <c>POST /api/v1/license/init</c> and <c>/refresh</c>, <c>GET /api/v1/license/jwks</c>: verify the key
/// (<see cref="KeyVerifier"/> holds the evaluation order), then issue or extend a license session.
/// </summary>
public sealed class LicenseHandlers(
    ApiPipeline pipeline,
    KeyVerifier verifier,
    LicenseService licenses,
    LicenseSigner signer,
    IOptions<LicensingOptions> options)
{
    /// <summary>License bodies are a couple of short strings; 4 KiB is generous.</summary>
    public const int MaxBodyBytes = 4096;

    private readonly bool _trustForwardedFor = options.Value.TrustForwardedFor;

    public Task<IResult> InitAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Cors.Post, async () =>
        {
            if (HttpMethods.IsOptions(request.Method))
            {
                return Cors.Post.Preflight();
            }

            var verification = await verifier.VerifyAsync(ToVerification(request), cancellationToken);
            if (!verification.Succeeded)
            {
                return ApiResult.From(verification.Refusal);
            }

            var body = await JsonBody.ReadAsync(request, ContractsJson.Context.LicenseInitRequest, MaxBodyBytes, optional: true, cancellationToken);
            if (body.Error is not null)
            {
                return body.Error;
            }

            var (license, refusal) = await licenses.InitAsync(verification.Caller, body.Value, cancellationToken);
            return refusal is null ? ApiResult.Json(license!, ContractsJson.Context.LicenseResponse) : ApiResult.From(refusal);
        });

    public Task<IResult> RefreshAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Cors.Post, async () =>
        {
            if (HttpMethods.IsOptions(request.Method))
            {
                return Cors.Post.Preflight();
            }

            var verification = await verifier.VerifyAsync(ToVerification(request), cancellationToken);
            if (!verification.Succeeded)
            {
                return ApiResult.From(verification.Refusal);
            }

            var body = await JsonBody.ReadAsync(request, ContractsJson.Context.LicenseRefreshRequest, MaxBodyBytes, optional: false, cancellationToken);
            if (body.Error is not null)
            {
                return body.Error;
            }

            var (license, refusal) = await licenses.RefreshAsync(verification.Caller, body.Value?.SessionId, cancellationToken);
            return refusal is null ? ApiResult.Json(license!, ContractsJson.Context.LicenseResponse) : ApiResult.From(refusal);
        });

    public Task<IResult> JwksAsync(HttpRequest request) =>
        pipeline.RunAsync(request, Cors.Get, () => Task.FromResult<IResult>(
            HttpMethods.IsOptions(request.Method)
                ? Cors.Get.Preflight()
                : ApiResult.RawJson(signer.JwksJson).WithHeader("Cache-Control", "public, max-age=300")));

    private VerificationRequest ToVerification(HttpRequest request) => new(
        request.Headers.Authorization,
        request.Headers.Origin,
        ClientAddresses.Of(request, _trustForwardedFor),
        Surface.Runtime);
}
