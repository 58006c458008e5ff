namespace Lipsync.Licensing.Keys;

/// <summary>A key as stored: its hash, never its text.</summary>
public sealed record ApiKeyRecord(
    string Hash,
    string AccountId,
    ApiKeyType Type,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    bool Disabled)
{
    public string KeyId => KeyHasher.KeyIdOf(Hash);

    /// <summary>The moment the key stops working: explicit expiry, or creation + lifetime for dev keys, whichever is first.</summary>
    public DateTimeOffset? EffectiveExpiry(TimeSpan devKeyLifetime)
    {
        DateTimeOffset? implicitExpiry = Type == ApiKeyType.Dev ? CreatedAt + devKeyLifetime : null;
        return (ExpiresAt, implicitExpiry) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, var b) => b,
        };
    }
}
