using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Bot.Turns.Ports;

// In the DI namespace so that Program.cs finds AddExport without an extra using.
using SecuriteQuotidien.Bot.Turns;

namespace Microsoft.Extensions.DependencyInjection;

public static class ExportServiceCollectionExtensions
{
    /// <summary>Used for <see cref="ExportOptions.PublicBaseUrl"/> in Development when none is configured (scripts/run-local.sh).</summary>
    public static readonly Uri DevelopmentBaseUrl = new("http://localhost:3978");

    /// <summary>
    /// The `export` command and its download endpoint (<c>app.MapExport()</c>): <see cref="ExportOptions"/>, section
    /// <c>Export</c>. Outside Development, start-up fails without a public address (<c>Export:PublicBaseUrl</c>, else
    /// App Service's <c>WEBSITE_HOSTNAME</c>). Without <c>Export:SigningKey</c>, links are signed with a key kept in
    /// the exports table (<see cref="ExportSignerSource"/>, <c>AddExportStorage</c>). Downloads are checked by <see cref="ExportSignIn"/>
    /// (<c>Export:SignIn:*</c>).
    /// Offers the export's publishing and delivery to other features (<see cref="IExportPublisher"/>, <see cref="IExportDelivery"/>:
    /// the GPO meeting kit's exports). Needs <c>AddTableStorage</c>, <c>AddDepartmentDirectory</c>, <c>AddDelivery</c> and <c>AddStatus</c>.
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
        services.AddExportStorage();
        services.AddHttpClient(ExportSignIn.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<ExportSignIn>();
        services.AddSingleton<ExportSignerSource>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<IExportPublisher>(provider => provider.GetRequiredService<ExportService>());
        services.AddSingleton<ExportDelivery>();
        services.AddSingleton<IExportDelivery>(provider => provider.GetRequiredService<ExportDelivery>());
        services.AddSingleton<ExportCommand>();
        services.AddActions<ExportCommand>(
            ActionDeclaration.Command<ExportCommand>(ActionIds.Commands.Export, Audience.Police | Audience.Partner, "exporter les signalements"));
        return services;
    }
}
