using Microsoft.Extensions.DependencyInjection.Extensions;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Bot.Routing;

// In the DI namespace so that Program.cs finds AddDiagnostics without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class DiagnosticsFeatureServiceCollectionExtensions
{
    /// <summary>
    /// Shared diagnostics and the GPO meeting kit: the commands `diagnostic nouveau`, `diagnostics`, `mes actions`,
    /// `ordre du jour`, `compte rendu`, the card actions, and the <see cref="DiagnosticSweep"/> hosted service (hotspot
    /// suggestions, action reminders; also resolvable as itself to sweep by hand). <see cref="DiagnosticsOptions"/>,
    /// section <c>Diagnostics</c>. Needs <c>AddTableStorage</c>, <c>AddDepartmentDirectory</c>, <c>AddDelivery</c>,
    /// <c>AddReminders</c>, <c>AddReferent</c> and <c>AddPrivacy</c> (issue updates decided in meeting); registers the diagnostics storage.
    /// </summary>
    public static IServiceCollection AddDiagnostics(this IServiceCollection services)
    {
        services.AddOptions<DiagnosticsOptions>().BindConfiguration(DiagnosticsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddDiagnosticsStorage();
        services.AddSingleton<DiagnosticService>();
        services.AddScoped<MeetingService>();
        services.AddScoped<SectorCommandScope>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxPurposeHandler, DiagnosticCardPurpose>());
        services.AddScoped<ICardActionHandler, DiagnosticActionsFeature>();
        services.AddScoped<ICommandHandler, NewDiagnosticCommand>();
        services.AddScoped<ICommandHandler, DiagnosticListCommand>();
        services.AddScoped<ICommandHandler, MyActionsCommand>();
        services.AddScoped<ICommandHandler, AgendaCommand>();
        services.AddScoped<ICommandHandler, MinutesCommand>();
        services.AddLeasedWorker<DiagnosticSweep>();
        return services;
    }
}
