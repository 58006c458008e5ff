using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace Lipsync.Licensing.Usage;

/// <summary>One monthly-active-user sighting waiting to be written.</summary>
public readonly record struct ActiveUser(string AccountId, string Month, string UserHash, DateTimeOffset SeenAt);

/// <summary>
/// MAU attribution kept off the hot path: a sighting is deduplicated in memory and queued; the
/// <see cref="UsageFlushService"/> writes queued sightings in batches. A user seen again in the same
/// month costs one dictionary lookup. User ids are stored only as SHA-256 hashes.
/// </summary>
public sealed class MauRecorder
{
    private const int MaxRemembered = 500_000;
    private readonly ConcurrentDictionary<(string, string, string), byte> _seen = new();
    private readonly Channel<ActiveUser> _pending = Channel.CreateBounded<ActiveUser>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    internal ChannelReader<ActiveUser> Pending => _pending.Reader;

    public void RecordActiveUser(string accountId, string userKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        var month = now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var userHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userKey)))[..32];
        if (_seen.Count >= MaxRemembered)
        {
            _seen.Clear(); // forgetting only costs a repeated (idempotent) upsert
        }

        if (_seen.TryAdd((accountId, month, userHash), 0))
        {
            _pending.Writer.TryWrite(new ActiveUser(accountId, month, userHash, now));
        }
    }
}
