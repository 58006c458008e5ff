namespace Lipsync.Jobs.Processing;

/// <summary>
/// How many units of something each account holds on this instance, with a ceiling per account: the
/// per-tenant share behind job admission and sync-call admission alike. Thread-safe.
/// </summary>
public sealed class AccountShares(int perAccount)
{
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Takes one unit for <paramref name="account"/>; false when it already holds its share.</summary>
    public bool TryEnter(string account)
    {
        lock (_gate)
        {
            var held = _held.GetValueOrDefault(account);
            if (held >= perAccount)
            {
                return false;
            }

            _held[account] = held + 1;
            return true;
        }
    }

    /// <summary>Gives one unit back (only after a <see cref="TryEnter"/> that returned true).</summary>
    public void Leave(string account)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(account, out var held))
            {
                if (held <= 1)
                {
                    _held.Remove(account);
                }
                else
                {
                    _held[account] = held - 1;
                }
            }
        }
    }
}
