using Microsoft.Extensions.Options;

namespace SecuriteQuotidien.BotFramework.Configuration;

/// <summary>Checks the Bot Framework settings at start so a misconfiguration fails fast with a clear message.</summary>
internal sealed class BotFrameworkOptionsValidator : IValidateOptions<BotFrameworkOptions>
{
    private const string Section = BotFrameworkOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        var failures = new List<string>();
        ValidateMetadataUrl(options, failures);
        ValidateCredentials(options, failures);
        ValidateLists(options, failures);
        ValidateDurations(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateMetadataUrl(BotFrameworkOptions options, List<string> failures)
    {
        if (!Uri.TryCreate(options.OpenIdMetadataUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && LoopbackHost.Is(uri.Host))))
        {
            failures.Add($"{Section}:OpenIdMetadataUrl must be an absolute https URL (plain http is accepted only for a loopback host such as 127.0.0.1 or localhost); got '{options.OpenIdMetadataUrl}'.");
        }
    }

    private static void ValidateCredentials(BotFrameworkOptions options, List<string> failures)
    {
        if (options.UnknownAppType is not null)
        {
            failures.Add($"MicrosoftAppType '{options.UnknownAppType}' is not valid: use MultiTenant, SingleTenant or UserAssignedMSI.");
        }
        // The text of an unresolved reference is not a secret to try against Entra ID: start fails, naming the setting.
        foreach (var (name, value) in new[] { ("MicrosoftAppPassword", options.MicrosoftAppPassword), ("MicrosoftAppCertificatePassword", options.MicrosoftAppCertificatePassword) })
        {
            if (KeyVaultReference.IsUnresolved(value))
            {
                failures.Add($"{name} is a Key Vault reference that App Service could not resolve (treated as not configured).");
            }
        }
        var hasPassword = !string.IsNullOrEmpty(options.MicrosoftAppPassword);
        var hasCertificate = !string.IsNullOrWhiteSpace(options.MicrosoftAppCertificatePath);
        if (!options.HasAppId)
        {
            if (hasPassword || hasCertificate)
            {
                failures.Add("MicrosoftAppPassword or MicrosoftAppCertificatePath is set but MicrosoftAppId is empty.");
            }
            return;
        }
        if (options.MicrosoftAppType == BotAppType.UserAssignedMSI)
        {
            if (hasPassword || hasCertificate)
            {
                failures.Add("MicrosoftAppType UserAssignedMSI uses the managed identity whose client id is MicrosoftAppId: remove MicrosoftAppPassword and MicrosoftAppCertificatePath.");
            }
            return;
        }
        if (options.MicrosoftAppType == BotAppType.SingleTenant && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            failures.Add("MicrosoftAppType SingleTenant requires MicrosoftAppTenantId.");
        }
        if (hasPassword == hasCertificate)
        {
            failures.Add($"MicrosoftAppType {options.MicrosoftAppType} requires exactly one of MicrosoftAppPassword or MicrosoftAppCertificatePath.");
        }
        else if (hasCertificate && !File.Exists(options.MicrosoftAppCertificatePath))
        {
            failures.Add($"MicrosoftAppCertificatePath '{options.MicrosoftAppCertificatePath}' does not exist.");
        }
    }

    private static void ValidateLists(BotFrameworkOptions options, List<string> failures)
    {
        if (options.AllowedTenants.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Section}:AllowedTenants contains an empty entry.");
        }
        foreach (var host in options.TrustedServiceUrlHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
            {
                failures.Add($"{Section}:TrustedServiceUrlHosts entry '{host}' is not a host name (write 'smba.trafficmanager.net', without scheme or path).");
            }
        }
    }

    private static void ValidateDurations(BotFrameworkOptions options, List<string> failures)
    {
        if (options.MetadataRefreshInterval < TimeSpan.FromMinutes(5) || options.MetadataRefreshInterval > TimeSpan.FromHours(23))
        {
            failures.Add($"{Section}:MetadataRefreshInterval must be between 00:05:00 and 23:00:00 (keys are refreshed at least every 24 h).");
        }
        if (options.MetadataForcedRefreshMinInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{Section}:MetadataForcedRefreshMinInterval must be at least 00:00:01.");
        }
        if (options.ConnectorMaxRetryAttempts is < 1 or > 10)
        {
            failures.Add($"{Section}:ConnectorMaxRetryAttempts must be between 1 and 10.");
        }
        if (options.ConnectorRetryBaseDelay <= TimeSpan.Zero || options.ConnectorAttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:ConnectorRetryBaseDelay and ConnectorAttemptTimeout must be positive.");
        }
    }
}
