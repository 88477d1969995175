using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Meetings;

// In the DI namespace so that Program.cs finds AddMeetings without an extra using.
using SecuriteQuotidien.Bot.Turns;

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
        const string meeting = "préparer la réunion du GPO de ce secteur";
        services.AddActions<MeetingActionsFeature>(
            ActionDeclaration.Verb<MeetingActionsFeature>(ActionIds.Meeting.Agenda, Audience.Police, TargetKind.Sector, meeting),
            ActionDeclaration.Verb<MeetingActionsFeature>(ActionIds.Meeting.MinutesForm, Audience.Police, TargetKind.Sector, meeting),
            ActionDeclaration.Verb<MeetingActionsFeature>(ActionIds.Meeting.MinutesSubmit, Audience.Police, TargetKind.Sector, meeting));
        // The partners of the sector's GPO get the partner version of the workbooks (the handler checks which version).
        const string export = "exporter les documents de la réunion du GPO de ce secteur";
        services.AddActions<MeetingExportFeature>(
            ActionDeclaration.Verb<MeetingExportFeature>(ActionIds.Meeting.AgendaExport, Audience.Police | Audience.SectorPartner, TargetKind.Sector, export),
            ActionDeclaration.Verb<MeetingExportFeature>(ActionIds.Meeting.MinutesExport, Audience.Police | Audience.SectorPartner, TargetKind.Sector, export));
        services.AddActions<AgendaCommand>(ActionDeclaration.Command<AgendaCommand>(ActionIds.Commands.Agenda, Audience.Police, meeting));
        services.AddActions<MinutesCommand>(ActionDeclaration.Command<MinutesCommand>(ActionIds.Commands.Minutes, Audience.Police, meeting));
        services.AddActions<AgendaExportCommand>(ActionDeclaration.Command<AgendaExportCommand>(ActionIds.Commands.AgendaExport, Audience.Police, export));
        return services;
    }
}
