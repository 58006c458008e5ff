namespace Lipsync.Contracts.Errors;

/// <summary>One entry of the error catalogue: everything a caller needs to act on a code.</summary>
/// <param name="Code">Stable snake_case machine code; clients branch on this only.</param>
/// <param name="Status">HTTP status the envelope travels with (0 for client-side codes that never cross the wire).</param>
/// <param name="Class">SDK error class the code surfaces as.</param>
/// <param name="Retryable">Whether retrying the same call later can succeed without a change by the caller.</param>
/// <param name="NextStep">Recommended next step for the integrator or the end user.</param>
/// <param name="DefaultMessage">Actionable sentence used when the server has nothing more specific to say.</param>
public sealed record ErrorDescriptor(
    string Code,
    int Status,
    ErrorClass Class,
    bool Retryable,
    string NextStep,
    string DefaultMessage);
