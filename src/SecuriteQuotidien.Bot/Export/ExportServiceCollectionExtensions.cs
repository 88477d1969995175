using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Bot.Routing;

// In the DI namespace so that Program.cs finds AddExport without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class ExportServiceCollectionExtensions
{
    /// <summary>Used for <see cref="ExportOptions.PublicBaseUrl"/> in Development when none is configured (scripts/run-local.sh).</summary>
    public static readonly Uri DevelopmentBaseUrl = new("http://localhost:3978");

    /// <summary>
    /// The `export` command and its download endpoint (<c>app.MapExport()</c>): <see cref="ExportOptions"/>, section
    /// <c>Export</c>. Outside Development, start-up fails without a public address (<c>Export:PublicBaseUrl</c>, else
    /// App Service's <c>WEBSITE_HOSTNAME</c>). Without <c>Export:SigningKey</c>, links are signed with a key kept in
    /// the exports table (<see cref="ExportSignerSource"/>). Downloads are checked by <see cref="ExportSignIn"/>
    /// (<c>Export:SignIn:*</c>).
    /// Also the GPO meeting kit's exports (agenda and minutes buttons, `ordre du jour export`).
    /// Needs <c>AddTableStorage</c>, <c>AddDepartmentDirectory</c>, <c>AddDelivery</c>, <c>AddStatus</c> and <c>AddDiagnostics</c>.
    /// </summary>
    public static IServiceCollection AddExport(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var development = environment.IsDevelopment();
        services.AddOptions<ExportOptions>()
            .Bind(configuration.GetSection(ExportOptions.SectionName))
            .PostConfigure(o =>
            {
                // App Service names the site in WEBSITE_HOSTNAME: the public address needs no setting there.
                if (o.PublicBaseUrl is null && configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host)
                {
                    o.PublicBaseUrl = new Uri($"https://{host}");
                }
                if (development)
                {
                    o.PublicBaseUrl ??= DevelopmentBaseUrl;
                }
            })
            .ValidateDataAnnotations()
            .Validate(o => o.SigningKey is null or { Length: >= ExportLinkSigner.MinimumKeyLength },
                $"Export:SigningKey, when set, must have at least {ExportLinkSigner.MinimumKeyLength} characters.")
            .Validate(o => o.PublicBaseUrl is { IsAbsoluteUri: true }, "Export:PublicBaseUrl is required outside Development (an absolute URL).")
            .Validate(o => o.SignIn.Problem() is null, "Export:SignIn: set Authority (https), TenantId and ClientId together, or none.")
            .Validate(o => o.LinkLifetime > TimeSpan.Zero && o.LinkLifetime <= TimeSpan.FromDays(1),
                "Export:LinkLifetime must be positive and at most one day.")
            .ValidateOnStart();
        services.AddHttpClient(ExportSignIn.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<ExportSignIn>();
        services.AddSingleton<ExportSignerSource>();
        services.AddSingleton<ExportStore>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<ExportDelivery>();
        services.AddSingleton<ICommandHandler, ExportCommand>();
        services.AddScoped<MeetingExportService>();
        services.AddScoped<ICardActionHandler, MeetingExportFeature>();
        services.AddScoped<ICommandHandler, AgendaExportCommand>();
        return services;
    }
}
