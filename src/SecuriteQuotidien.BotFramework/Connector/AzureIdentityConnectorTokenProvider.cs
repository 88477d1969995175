using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Configuration;

namespace SecuriteQuotidien.BotFramework.Connector;

/// <summary>
/// Connector tokens from Azure.Identity, chosen by MicrosoftAppType. One credential instance lives as
/// long as the provider, because the credential caches and renews its tokens.
/// </summary>
public sealed class AzureIdentityConnectorTokenProvider : IConnectorTokenProvider
{
    public const string Scope = "https://api.botframework.com/.default";

    /// <summary>Multi-tenant bots get their tokens from the Bot Framework's own tenant.</summary>
    public const string MultiTenantAuthority = "botframework.com";

    private static readonly TokenRequestContext RequestContext = new([Scope]);

    private readonly Lazy<TokenCredential?> _credential;

    public AzureIdentityConnectorTokenProvider(IOptions<BotFrameworkOptions> options)
    {
        var value = options.Value;
        _credential = new Lazy<TokenCredential?>(() => CreateCredential(value));
    }

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_credential.Value is not { } credential)
        {
            return null;
        }
        var token = await credential.GetTokenAsync(RequestContext, cancellationToken).ConfigureAwait(false);
        return token.Token;
    }

    /// <summary>The credential for the configured app type; null when no app id is configured.</summary>
    internal static TokenCredential? CreateCredential(BotFrameworkOptions options)
    {
        if (!options.HasAppId)
        {
            return null;
        }
        var appId = options.MicrosoftAppId!;
        if (options.MicrosoftAppType == BotAppType.UserAssignedMSI)
        {
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(appId));
        }
        var tenantId = options.MicrosoftAppType == BotAppType.SingleTenant ? options.MicrosoftAppTenantId! : MultiTenantAuthority;
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppCertificatePath))
        {
            return new ClientSecretCredential(tenantId, appId, options.MicrosoftAppPassword);
        }
        if (string.IsNullOrEmpty(options.MicrosoftAppCertificatePassword))
        {
            // Azure.Identity reads PEM and unprotected PFX files itself.
            return new ClientCertificateCredential(tenantId, appId, options.MicrosoftAppCertificatePath);
        }
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.MicrosoftAppCertificatePath, options.MicrosoftAppCertificatePassword);
        return new ClientCertificateCredential(tenantId, appId, certificate);
    }
}
