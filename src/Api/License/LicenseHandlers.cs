using Lipsync.Api.Http;
using System.Text.Json.Serialization.Metadata;
using Lipsync.Contracts.Licensing;
using Lipsync.Contracts.Serialization;
using Lipsync.Licensing.Sessions;
using Lipsync.Licensing.Signing;
using Lipsync.Licensing.Verification;
using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.License;

/// <summary>
/// <c>POST /api/v1/license/init</c> and <c>/refresh</c>, <c>GET /api/v1/license/jwks</c>: verify the key
/// (<see cref="KeyVerifier"/> holds the evaluation order), then issue or extend a license session.
/// </summary>
public sealed class LicenseHandlers(
    ApiPipeline pipeline,
    KeyVerifier verifier,
    LicenseService licenses,
    LicenseSigner signer)
{
    /// <summary>License bodies are a couple of short strings; 4 KiB is generous.</summary>
    public const int MaxBodyBytes = 4096;

    public Task<IResult> InitAsync(HttpRequest request, CancellationToken cancellationToken) =>
        IssueAsync(request, ContractsJson.Context.LicenseInitRequest, optionalBody: true,
            licenses.Init, cancellationToken);

    public Task<IResult> RefreshAsync(HttpRequest request, CancellationToken cancellationToken) =>
        IssueAsync(request, ContractsJson.Context.LicenseRefreshRequest, optionalBody: false,
            (caller, body) => licenses.Refresh(caller, body?.SessionId), cancellationToken);

    public Task<IResult> JwksAsync(HttpRequest request) =>
        pipeline.RunAsync(request, Cors.Get, () => Task.FromResult<IResult>(
            HttpMethods.IsOptions(request.Method)
                ? Cors.Get.Preflight()
                : ApiResult.RawJson(signer.JwksJson).WithHeader("Cache-Control", "public, max-age=300")));

    // Init and refresh alike: preflight, verify the key (refusals first), read the body, then issue.
    private Task<IResult> IssueAsync<TBody>(
        HttpRequest request,
        JsonTypeInfo<TBody> bodyType,
        bool optionalBody,
        Func<VerifiedCaller, TBody?, (LicenseResponse? License, Refusal? Refusal)> issue,
        CancellationToken cancellationToken)
        where TBody : class =>
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

            var body = await JsonBody.ReadAsync(request, bodyType, MaxBodyBytes, optionalBody, cancellationToken);
            if (body.Error is not null)
            {
                return body.Error;
            }

            var (license, refusal) = issue(verification.Caller, body.Value);
            return refusal is null ? ApiResult.Json(license!, ContractsJson.Context.LicenseResponse) : ApiResult.From(refusal);
        });

    private static VerificationRequest ToVerification(HttpRequest request) => new(
        request.Headers.Authorization,
        request.Headers.Origin,
        ClientAddresses.Of(request),
        Surface.Runtime);
}
