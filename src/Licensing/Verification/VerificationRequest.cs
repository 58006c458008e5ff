using Microsoft.Extensions.Primitives;

namespace Lipsync.Licensing.Verification;

/// <summary>The raw, untrusted parts of a request that decide access. Header values are passed as received.</summary>
/// <param name="Authorization">Every <c>Authorization</c> header value.</param>
/// <param name="Origin">Every <c>Origin</c> header value.</param>
/// <param name="ClientAddress">The caller's address, the rate-limit partition.</param>
/// <param name="Surface">The surface of the route being called.</param>
public readonly record struct VerificationRequest(StringValues Authorization, StringValues Origin, string ClientAddress, Surface Surface);
