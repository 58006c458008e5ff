using Lipsync.Api.Http;
using Lipsync.Licensing.Verification;
using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.Batch;

/// <summary>
/// The frame of every batch route: inside <see cref="ApiPipeline"/>, verify the key on the <c>batch</c>
/// surface (sec and dev keys; the license routes' evaluation order), answer a refusal, or run the
/// handler for the verified caller.
/// </summary>
public sealed class BatchCallers(ApiPipeline pipeline, KeyVerifier verifier)
{
    public Task<IResult> RunAsync(HttpRequest request, Func<VerifiedCaller, Task<IResult>> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        return pipeline.RunAsync(request, cors: null, async () =>
        {
            var verification = await verifier.VerifyAsync(
                new VerificationRequest(request.Headers.Authorization, request.Headers.Origin, ClientAddresses.Of(request), Surface.Batch),
                cancellationToken);
            return verification.Succeeded ? await handler(verification.Caller) : ApiResult.From(verification.Refusal);
        });
    }
}
