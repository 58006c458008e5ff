namespace Lipsync.Client.Licensing;

/// <summary>The product's license status machine (running is the engine's concern, not the session's).</summary>
public enum LicenseSessionStatus
{
    /// <summary>Not started.</summary>
    Idle,

    /// <summary>Init in flight.</summary>
    Initializing,

    /// <summary>Licensed; refreshes run in the background.</summary>
    Ready,

    /// <summary>Refreshes are failing transiently; still licensed until the license expires.</summary>
    Degraded,

    /// <summary>Terminal: a hard refusal or a burst of failed refreshes. Only <see cref="LicenseSession.ReloadAsync"/> recovers.</summary>
    Refused,

    /// <summary>Init failed (bad key, network down at start); fix, then <see cref="LicenseSession.ReloadAsync"/>.</summary>
    Error,
}
