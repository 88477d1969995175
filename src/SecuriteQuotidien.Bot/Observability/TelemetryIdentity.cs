using Azure.Core;
using Azure.Identity;

namespace SecuriteQuotidien.Bot.Observability;

/// <summary>
/// The managed identity whose Microsoft Entra token authenticates the telemetry sent to Application Insights, as
/// named by <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (the format other Azure Monitor agents read):
/// <c>Authorization=AAD;ClientId=&lt;client id&gt;</c> for a user-assigned identity, <c>Authorization=AAD</c> for
/// the system-assigned one. Needed when the Application Insights resource disables local authentication, as
/// <c>infra/main.bicep</c> does: the connection string alone is then refused.
/// </summary>
/// <param name="UserAssignedClientId">Client id of the user-assigned identity; null for the system-assigned one.</param>
public sealed record TelemetryIdentity(string? UserAssignedClientId)
{
    /// <summary>The identity named by the setting; null when the setting is empty.</summary>
    /// <exception cref="InvalidOperationException">The setting is not in one of the two forms above.</exception>
    public static TelemetryIdentity? Of(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0 || !parts.TryAdd(part[..separator].TrimEnd(), part[(separator + 1)..].TrimStart()))
            {
                throw Invalid();
            }
        }
        if (!parts.Remove("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid();
        }
        if (!parts.Remove("ClientId", out var clientId))
        {
            return parts.Count == 0 ? new TelemetryIdentity(UserAssignedClientId: null) : throw Invalid();
        }
        return parts.Count == 0 && Guid.TryParse(clientId, out var id) ? new TelemetryIdentity(id.ToString("D")) : throw Invalid();
    }

    /// <summary>A managed identity credential for this identity (tokens are requested when the exporter sends).</summary>
    public TokenCredential Credential() => new ManagedIdentityCredential(
        UserAssignedClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(UserAssignedClientId));

    private static InvalidOperationException Invalid() => new(
        $"{ObservabilityExtensions.AuthenticationStringVariable} must be \"Authorization=AAD\" (system-assigned managed identity) or "
        + "\"Authorization=AAD;ClientId=<client id>\" (user-assigned managed identity).");
}
