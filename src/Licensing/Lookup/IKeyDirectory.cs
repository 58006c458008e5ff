using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Keys;

namespace Lipsync.Licensing.Lookup;

/// <summary>Read side of keys and accounts. Throws <see cref="Storage.ServiceUnavailableException"/> when storage fails.</summary>
public interface IKeyDirectory
{
    ValueTask<ApiKeyRecord?> FindKeyAsync(string keyHash, CancellationToken cancellationToken);

    ValueTask<AccountRecord?> FindAccountAsync(string accountId, CancellationToken cancellationToken);
}
