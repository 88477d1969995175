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
    /// Refuse a download unless App Service Authentication (Easy Auth) names the requester in
    /// <c>X-MS-CLIENT-PRINCIPAL-ID</c>. Default: true outside Development.
    /// </summary>
    public bool? RequireSignedInUser { get; set; }

    /// <summary>Most issues listed in the « Signalements » sheet (the indicators always cover every issue).</summary>
    [Range(1, 100_000)]
    public int MaxRows { get; set; } = 10_000;

    /// <summary>Timelines read at once (response type, follow-up answer, police note of each row).</summary>
    [Range(1, 256)]
    public int TimelineConcurrency { get; set; } = 16;
}
