using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SecuriteQuotidien.BotFramework.Configuration;

/// <summary>
/// App Service settings that refer to Key Vault (<c>@Microsoft.KeyVault(SecretUri=…)</c> or
/// <c>@Microsoft.KeyVault(VaultName=…;SecretName=…)</c>) are replaced by the secret before the process starts. When
/// App Service cannot read the secret (role not yet assigned, secret missing, vault unreachable) it passes the
/// reference text itself as the value: a string longer than any minimum key length, which would otherwise be
/// taken for the key. Such a value means "not configured".
/// </summary>
public static class KeyVaultReference
{
    public const string Prefix = "@Microsoft.KeyVault(";

    /// <summary>True when <paramref name="value"/> is the text of a Key Vault reference App Service did not resolve.</summary>
    public static bool IsUnresolved(string? value) =>
        value is not null && value.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="value"/>, or null when it is an unresolved Key Vault reference.</summary>
    public static string? ValueOrNull(string? value) => IsUnresolved(value) ? null : value;

    /// <summary>The configuration keys (<c>Section:Key</c>) whose value is an unresolved Key Vault reference, sorted.</summary>
    public static IReadOnlyList<string> UnresolvedKeys(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return [.. configuration.AsEnumerable().Where(pair => IsUnresolved(pair.Value)).Select(pair => pair.Key)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
    }
}

/// <summary>At start, one error per setting whose Key Vault reference was not resolved, naming the setting (never its value).</summary>
internal sealed partial class UnresolvedKeyVaultReferenceLog(IConfiguration configuration, ILogger<UnresolvedKeyVaultReferenceLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var key in KeyVaultReference.UnresolvedKeys(configuration))
        {
            LogUnresolved(logger, key);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Setting {Setting} is a Key Vault reference that App Service could not resolve: it is treated as not configured (check the reference in the portal, Environment variables)")]
    private static partial void LogUnresolved(ILogger logger, string setting);
}
