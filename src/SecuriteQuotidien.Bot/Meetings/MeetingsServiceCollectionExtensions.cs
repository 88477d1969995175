using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Meetings;
using SecuriteQuotidien.Bot.Routing;

// In the DI namespace so that Program.cs finds AddMeetings without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class MeetingsServiceCollectionExtensions
{
    /// <summary>
    /// The GPO meeting kit: the commands `ordre du jour`, `compte rendu` and `ordre du jour export`, the buttons of the
    /// agenda and minutes cards and their Excel exports. <see cref="MeetingsOptions"/> (keys
    /// <c>Diagnostics:MinutesDecisionSlots</c> and <c>Export:TimelineConcurrency</c>), validated at start. Needs
    /// <c>AddTableStorage</c>, <c>AddDepartmentDirectory</c>, <c>AddReminders</c>, <c>AddIssueCard</c>, <c>AddDiagnostics</c>
    /// (the sector of a command, the diagnostic card's updates) and <c>AddExport</c> (the workbook's link and delivery).
    /// </summary>
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddOptions<MeetingsOptions>()
            .Configure<IConfiguration>((o, configuration) =>
            {
                o.MinutesDecisionSlots = configuration.GetValue(MeetingsOptions.MinutesDecisionSlotsKey, o.MinutesDecisionSlots);
                o.TimelineConcurrency = configuration.GetValue(MeetingsOptions.TimelineConcurrencyKey, o.TimelineConcurrency);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddDiagnosticsStorage();
        services.AddScoped<MeetingService>();
        services.AddScoped<MeetingExportService>();
        services.AddScoped<ICardActionHandler, MeetingActionsFeature>();
        services.AddScoped<ICardActionHandler, MeetingExportFeature>();
        services.AddScoped<ICommandHandler, AgendaCommand>();
        services.AddScoped<ICommandHandler, MinutesCommand>();
        services.AddScoped<ICommandHandler, AgendaExportCommand>();
        return services;
    }
}
