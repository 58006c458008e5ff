using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Lipsync.Api.Telemetry;

/// <summary>
/// The credential the app's own OpenTelemetry exporter sends to Application Insights. The template turns
/// the resource's local (key) auth off, so only Entra ID tokens are accepted. The Functions host reads
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> for its own telemetry. The Azure Monitor exporter in
/// the worker does not read it, so it must be handed the same managed identity explicitly.
/// </summary>
public static class MonitorCredential
{
    public const string Setting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// Returns the managed identity named by <c>ClientId=…;Authorization=AAD</c> (system-assigned when no
    /// client id is given), or null when the setting does not ask for Entra ID auth.
    /// </summary>
    public static TokenCredential? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var parts = (configuration[Setting] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return new ManagedIdentityCredential(parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? ManagedIdentityId.FromUserAssignedClientId(clientId)
            : ManagedIdentityId.SystemAssigned);
    }
}
