using Lipsync.Licensing.Signing;
using Lipsync.Storage;
using Microsoft.Extensions.Configuration;

namespace Lipsync.Api.Health;

/// <summary>
/// What is wrong with the app's settings, found once at start-up: a Key Vault reference App Service
/// could not resolve (it passes the literal <c>@Microsoft.KeyVault(...)</c> through, e.g. while the
/// identity's role is still propagating), or no storage setting on an Azure instance. With a problem
/// the host still starts, so <c>/api/health</c> can say what it is, and every other route answers
/// <c>service_unavailable</c> instead of hashing keys with a wrong secret or failing on a PEM import.
/// Problems name settings, never their values.
/// </summary>
public sealed class ConfigurationCheck
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(";

    public ConfigurationCheck(IConfiguration configuration, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(storage);
        var problems = configuration.AsEnumerable()
            .Where(pair => pair.Value?.TrimStart().StartsWith(KeyVaultReference, StringComparison.OrdinalIgnoreCase) == true)
            .Select(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .Select(name => $"'{name}' is an unresolved Key Vault reference: the app's identity cannot read the secret yet "
                + "(a new role assignment can take minutes) or the reference is wrong; check the app setting's Key Vault reference status and restart the app.")
            .ToList();
        if (storage.Problem is { } storageProblem)
        {
            problems.Add(storageProblem);
        }

        if (problems.Count == 0 && SigningKeyLoader.Problem(configuration["License:SigningKey"], allowGenerated: storage.IsDevelopmentStorage) is { } keyProblem)
        {
            problems.Add(keyProblem);
        }

        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }

    public bool IsHealthy => Problems.Count == 0;

    /// <summary>One line for an envelope's message.</summary>
    public string Summary => "The service is misconfigured and refuses requests until an operator fixes it: " + string.Join(" ", Problems);
}
