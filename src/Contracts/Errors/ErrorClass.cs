namespace Lipsync.Contracts.Errors;

/// <summary>
/// The SDK error class a code surfaces as. Names follow the product spec (<c>LipsyncError</c>, ...);
/// the .NET SDK maps each to the matching <see cref="LipsyncException"/> subclass.
/// </summary>
public enum ErrorClass
{
    /// <summary>Base class; client-side codes and request problems. Fix the input or regenerate.</summary>
    LipsyncError,

    /// <summary>Authorization trouble at init that may pass on its own (throttling).</summary>
    LicenseError,

    /// <summary>Hard refusal at init or refresh; never retried, recover with a fresh init.</summary>
    RefusedError,

    /// <summary>Transport failure reaching the edge, or a non-JSON answer from something in between.</summary>
    NetworkError,

    /// <summary>Inference or runtime failure in the timeline engine.</summary>
    EngineError,
}
