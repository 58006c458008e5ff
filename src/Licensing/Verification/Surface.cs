namespace Lipsync.Licensing.Verification;

/// <summary>What a route is for; each key type is allowed on some surfaces only.</summary>
public enum Surface
{
    /// <summary>License routes (init, refresh): dev and pub keys.</summary>
    Runtime,

    /// <summary>Timelines and jobs: dev and sec keys.</summary>
    Batch,
}
