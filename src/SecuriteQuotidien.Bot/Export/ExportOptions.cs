using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>Configuration section <c>Export</c>: the Excel export and its download link.</summary>
public sealed class ExportOptions
{
    public const string SectionName = "Export";

    /// <summary>Address at which users reach the bot (e.g. https://sq-bot.azurewebsites.net); links are built on it.
    /// Defaults to https://{WEBSITE_HOSTNAME} on App Service, to http://localhost:3978 in Development; required elsewhere.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// Key of the HMAC-SHA256 that signs the links (at least 32 characters; keep it in Key Vault). Optional: when
    /// absent, a random key is created once in the exports table and shared by every instance.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a link may be used (once) after the export is made.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How a download proves who downloads (section <c>Export:SignIn</c>): the Entra ID token that App Service
    /// Authentication forwards is validated against this sign-in app registration. Required outside a local run.
    /// </summary>
    public ExportSignInOptions SignIn { get; set; } = new();

    /// <summary>Most issues listed in the « Signalements » sheet (the indicators always cover every issue).</summary>
    [Range(1, 100_000)]
    public int MaxRows { get; set; } = 10_000;

    /// <summary>Timelines read at once (response type, follow-up answer, police note of each row).</summary>
    [Range(1, 256)]
    public int TimelineConcurrency { get; set; } = 16;
}

/// <summary>
/// Section <c>Export:SignIn</c>: the app registration with which App Service Authentication (Easy Auth) signs in the
/// people who open an export link. Either all three are set, or none (then downloads are served only to a local run).
/// </summary>
public sealed class ExportSignInOptions
{
    /// <summary>The OpenID authority, e.g. https://login.microsoftonline.com/{tenant}/v2.0; its metadata is at
    /// {Authority}/.well-known/openid-configuration. HTTPS (plain HTTP only on a loopback host, for tests).</summary>
    public Uri? Authority { get; set; }

    /// <summary>The Entra tenant whose users download (the token's <c>tid</c>, and <c>{tenantid}</c> in the issuer).</summary>
    public string? TenantId { get; set; }

    /// <summary>The sign-in app registration's client id: the ID token's audience.</summary>
    public string? ClientId { get; set; }

    public bool IsConfigured => Authority is not null || !string.IsNullOrWhiteSpace(TenantId) || !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>Null when valid; else why (names the setting).</summary>
    public string? Problem()
    {
        if (!IsConfigured)
        {
            return null;
        }
        if (Authority is not { IsAbsoluteUri: true } authority
            || !(authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
        {
            return "Export:SignIn:Authority must be an absolute https URL (http only on a loopback host).";
        }
        if (string.IsNullOrWhiteSpace(TenantId) || string.IsNullOrWhiteSpace(ClientId))
        {
            return "Export:SignIn:Authority, Export:SignIn:TenantId and Export:SignIn:ClientId go together: set all three or none.";
        }
        return null;
    }
}
