using Microsoft.Extensions.DependencyInjection.Extensions;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Bot.Routing;
using SecuriteQuotidien.Bot.Turns.Ports;

// In the DI namespace so that Program.cs finds AddDiagnostics without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class DiagnosticsFeatureServiceCollectionExtensions
{
    /// <summary>
    /// Shared diagnostics: the commands `diagnostic nouveau`, `diagnostics`, `mes actions`, the card actions by audience
    /// (police, partners, hotspot suggestion), and the <see cref="DiagnosticSweep"/> hosted service (hotspot suggestions,
    /// action reminders; also resolvable as itself to sweep by hand). Offers <see cref="ISectorCommandScope"/> and
    /// <see cref="IDiagnosticCardPublisher"/> to the meeting kit. <see cref="DiagnosticsOptions"/>, section <c>Diagnostics</c>.
    /// Needs <c>AddTableStorage</c>, <c>AddDepartmentDirectory</c>, <c>AddDelivery</c> and <c>AddIssueCard</c>; registers the diagnostics storage.
    /// </summary>
    public static IServiceCollection AddDiagnostics(this IServiceCollection services)
    {
        services.AddOptions<DiagnosticsOptions>().BindConfiguration(DiagnosticsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddDiagnosticsStorage();
        services.AddSingleton<DiagnosticService>();
        services.AddSingleton<IDiagnosticCardPublisher>(provider => provider.GetRequiredService<DiagnosticService>());
        services.AddScoped<ISectorCommandScope, SectorCommandScope>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxPurposeHandler, DiagnosticCardPurpose>());
        services.AddScoped<ICardActionHandler, DiagnosticActionsFeature>();
        services.AddScoped<ICardActionHandler, PartnerDiagnosticActionsFeature>();
        services.AddScoped<ICardActionHandler, HotspotSuggestionFeature>();
        services.AddScoped<ICommandHandler, NewDiagnosticCommand>();
        services.AddScoped<ICommandHandler, DiagnosticListCommand>();
        services.AddScoped<ICommandHandler, MyActionsCommand>();
        services.AddLeasedWorker<DiagnosticSweep>();
        return services;
    }
}
