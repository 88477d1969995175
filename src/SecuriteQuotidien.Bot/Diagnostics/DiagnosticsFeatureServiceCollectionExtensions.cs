using Microsoft.Extensions.DependencyInjection.Extensions;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Bot.Turns;
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
        const string act = "agir sur ce diagnostic";
        ActionDeclaration Police(string verb) => ActionDeclaration.Verb<DiagnosticActionsFeature>(verb, Audience.Police, TargetKind.Diagnostic, act);
        services.AddActions<DiagnosticActionsFeature>(
            ActionDeclaration.Verb<DiagnosticActionsFeature>(ActionIds.Diagnostic.OpenForm, Audience.Police, TargetKind.Sector, "ouvrir un diagnostic dans ce secteur"),
            ActionDeclaration.Verb<DiagnosticActionsFeature>(ActionIds.Diagnostic.OpenSubmit, Audience.Police, TargetKind.Sector, "ouvrir un diagnostic dans ce secteur"),
            // The card itself: the police view for the police, the shared view for the partners of the sector's GPO.
            ActionDeclaration.Verb<DiagnosticActionsFeature>(ActionIds.Diagnostic.Refresh, Audience.Police | Audience.SectorPartner, TargetKind.Diagnostic,
                "consulter ce diagnostic"),
            Police(ActionIds.Diagnostic.Edit), Police(ActionIds.Diagnostic.EditSubmit),
            Police(ActionIds.Diagnostic.AddAction), Police(ActionIds.Diagnostic.AddActionSubmit), Police(ActionIds.Diagnostic.UpdateAction),
            Police(ActionIds.Diagnostic.UpdateActionSubmit), Police(ActionIds.Diagnostic.Evaluation), Police(ActionIds.Diagnostic.EvaluationSubmit),
            Police(ActionIds.Diagnostic.Note), Police(ActionIds.Diagnostic.NoteSubmit), Police(ActionIds.Diagnostic.Close), Police(ActionIds.Diagnostic.Reopen));
        services.AddActions<PartnerDiagnosticActionsFeature>(
            ActionDeclaration.Verb<PartnerDiagnosticActionsFeature>(ActionIds.DiagnosticPartner.Done, Audience.Owner, TargetKind.DiagnosticAction, "marquer cette action comme faite"),
            ActionDeclaration.Verb<PartnerDiagnosticActionsFeature>(ActionIds.DiagnosticPartner.DoneSubmit, Audience.Owner, TargetKind.DiagnosticAction, "marquer cette action comme faite"),
            ActionDeclaration.Verb<PartnerDiagnosticActionsFeature>(ActionIds.DiagnosticPartner.MyActions, Audience.Partner, TargetKind.None, "consulter les actions de son organisation"),
            ActionDeclaration.Verb<PartnerDiagnosticActionsFeature>(ActionIds.DiagnosticPartner.SurveyAnswer, Audience.SectorPartner, TargetKind.Diagnostic, "répondre à cette enquête"));
        services.AddActions<HotspotSuggestionFeature>(
            ActionDeclaration.Verb<HotspotSuggestionFeature>(ActionIds.Hotspot.Ignore, Audience.Police, TargetKind.Sector, "ignorer cette suggestion"));
        services.AddActions<NewDiagnosticCommand>(
            ActionDeclaration.Command<NewDiagnosticCommand>(ActionIds.Commands.DiagnosticNew, Audience.Police, "ouvrir un diagnostic"));
        services.AddActions<DiagnosticListCommand>(
            // A partner gets the shared part of their sectors' diagnostics.
            ActionDeclaration.Command<DiagnosticListCommand>(ActionIds.Commands.Diagnostics, Audience.Police | Audience.Partner, "lister les diagnostics"));
        services.AddActions<MyActionsCommand>(
            ActionDeclaration.Command<MyActionsCommand>(ActionIds.Commands.MyActions, Audience.Partner, "consulter les actions de son organisation"));
        services.AddLeasedWorker<DiagnosticSweep>();
        return services;
    }
}
