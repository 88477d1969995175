namespace SecuriteQuotidien.BotFramework.Configuration;

/// <summary>How the bot proves its identity to the Bot Framework connector (outbound calls).</summary>
public enum BotAppType
{
    /// <summary>App registration in any tenant; tokens come from the botframework.com tenant.</summary>
    MultiTenant,

    /// <summary>App registration restricted to <see cref="BotFrameworkOptions.MicrosoftAppTenantId"/>.</summary>
    SingleTenant,

    /// <summary>A user-assigned managed identity whose client id is <see cref="BotFrameworkOptions.MicrosoftAppId"/>.</summary>
    UserAssignedMSI,
}

/// <summary>
/// Bot Framework settings. The credential keys sit at the configuration root with the names the
/// Bot Framework SDK uses (so an Azure admin recognises them); the protocol settings sit under the
/// <c>BotFramework</c> section. Lists bind from environment variables as
/// <c>BotFramework__AllowedTenants__0=...</c>.
/// </summary>
public sealed class BotFrameworkOptions
{
    public const string SectionName = "BotFramework";
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Connector hosts of the public cloud, GCC and GCC-High (bot-protocol §2.3).</summary>
    public static readonly IReadOnlyList<string> DefaultTrustedServiceUrlHosts =
    [
        "smba.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
    ];

    /// <summary>Root key <c>MicrosoftAppId</c>: the bot's app (client) id. Empty means no identity (local development only).</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>Root key <c>MicrosoftAppPassword</c>: client secret (MultiTenant / SingleTenant).</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>Root key <c>MicrosoftAppType</c>: MultiTenant (default), SingleTenant or UserAssignedMSI.</summary>
    public BotAppType MicrosoftAppType { get; set; } = BotAppType.MultiTenant;

    /// <summary>Root key <c>MicrosoftAppTenantId</c>: required for SingleTenant.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>
    /// Root key <c>MicrosoftAppCertificatePath</c>: a client certificate file used instead of
    /// <see cref="MicrosoftAppPassword"/> (MultiTenant / SingleTenant). A PFX/PKCS#12 file, or a PEM
    /// file holding the certificate and its private key. Exactly one of password or certificate is allowed.
    /// </summary>
    public string? MicrosoftAppCertificatePath { get; set; }

    /// <summary>Root key <c>MicrosoftAppCertificatePassword</c>: password of a protected PFX file, if any.</summary>
    public string? MicrosoftAppCertificatePassword { get; set; }

    /// <summary>
    /// <c>BotFramework:OpenIdMetadataUrl</c>: the channel's OpenID metadata. HTTPS only, except plain
    /// http on a loopback host (tests, local emulators).
    /// </summary>
    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>
    /// <c>BotFramework:AllowedTenants</c>: Entra tenant ids the bot serves. Empty means no tenant
    /// restriction. Enforced by the messaging endpoint (Hosting), not by the token authenticator.
    /// </summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>
    /// <c>BotFramework:TrustedServiceUrlHosts</c>: hosts the bot's connector token may be sent to.
    /// Defaults to <see cref="DefaultTrustedServiceUrlHosts"/>; a configured list replaces the default.
    /// </summary>
    public List<string> TrustedServiceUrlHosts { get; set; } = [.. DefaultTrustedServiceUrlHosts];

    /// <summary>
    /// <c>BotFramework:MetadataRefreshInterval</c>: how often the OpenID metadata and keys are
    /// refetched. The protocol asks for at least every 24 h; the library's minimum is 5 minutes and
    /// it may add up to an hour of jitter, hence a maximum of 23 h.
    /// </summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// <c>BotFramework:MetadataForcedRefreshMinInterval</c>: at most one forced refetch (token signed
    /// by an unknown key id) per this interval, so random key ids cannot make the bot hammer the metadata.
    /// </summary>
    public TimeSpan MetadataForcedRefreshMinInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>BotFramework:ConnectorMaxRetryAttempts</c>: retries after the first attempt of a connector call.</summary>
    public int ConnectorMaxRetryAttempts { get; set; } = 3;

    /// <summary><c>BotFramework:ConnectorRetryBaseDelay</c>: first exponential backoff delay (jittered). Retry-After always wins.</summary>
    public TimeSpan ConnectorRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>BotFramework:ConnectorAttemptTimeout</c>: timeout of one connector HTTP attempt.</summary>
    public TimeSpan ConnectorAttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when an app id is configured (the bot has an identity).</summary>
    public bool HasAppId => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>The raw MicrosoftAppType value when it names no known type (reported by validation).</summary>
    internal string? UnknownAppType { get; set; }
}
