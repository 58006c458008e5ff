using Lipsync.Api.Http;
using Lipsync.Licensing;
using Lipsync.Licensing.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lipsync.Api.Batch;

/// <summary>Key checks for the batch routes: the same evaluation order as the license routes, on the <c>batch</c> surface (sec and dev keys).</summary>
public sealed class BatchCallers(KeyVerifier verifier, IOptions<LicensingOptions> options)
{
    private readonly bool _trustForwardedFor = options.Value.TrustForwardedFor;

    public async Task<VerificationResult> VerifyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await verifier.VerifyAsync(
            new VerificationRequest(request.Headers.Authorization, request.Headers.Origin, ClientAddresses.Of(request, _trustForwardedFor), Surface.Batch),
            cancellationToken);
    }
}
