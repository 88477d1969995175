using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;

namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>
/// The buttons of the agenda and minutes cards, for the police of the sector (referent, deputy, commissioner,
/// administrators): the agenda again (police or partner version), the minutes form, and its submit, which saves
/// and applies the decisions.
/// </summary>
public sealed partial class MeetingActionsFeature(IDirectory directory, MeetingService meetings, ILogger<MeetingActionsFeature> logger)
    : IActionHandler
{
    /// <summary>The refusal, as the diagnostic card's buttons give it.</summary>
    public const string Refusal =
        "Seuls le référent du secteur, son adjoint, le commissaire et les administrateurs peuvent modifier ce diagnostic. Rien n'a été modifié.";

    private static readonly string[] FormFields = [MeetingFields.MeetingDate, MeetingFields.Attendees, MeetingFields.Summary];


    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (turn, user, verb, data) = (request.Turn, request.User, request.Id, request.Data);
        ArgumentNullException.ThrowIfNull(user);
        if (FormValues.Text(data, MeetingFields.Sector) is not { } sectorId || directory.FindSector(sectorId) is not { } sector)
        {
            return TurnAnswer.Text("Ce bouton ne correspond à aucun secteur.");
        }
        if (user.AadObjectId is not { } objectId || !user.Roles.IsPoliceOf(sector.Id))
        {
            LogRefused(logger, verb, sector.Id);
            return TurnAnswer.Text(Refusal);
        }
        var card = verb switch
        {
            ActionIds.Meeting.Agenda => await meetings.AgendaCardAsync(sector.Id,
                FormValues.Text(data, MeetingFields.PartnerSafe) == MeetingCards.PartnerSafeValue, cancellationToken),
            ActionIds.Meeting.MinutesForm => await meetings.MinutesFormAsync(sector, ValuesOf(data), new Dictionary<string, string>(), cancellationToken),
            _ => await meetings.RecordAsync(sector, new DiagnosticActor(objectId, user.Roles), ValuesOf(data), cancellationToken),
        };
        return TurnAnswer.Card(card);
    }

    /// <summary>The form's inputs as text ("" when missing or not text), decision slots included.</summary>
    private static Dictionary<string, string> ValuesOf(JsonObject data)
    {
        var values = FormValues.Read(data, FormFields);
        foreach (var (key, _) in data)
        {
            if (key.StartsWith(MeetingFields.DecisionPrefix, StringComparison.Ordinal))
            {
                values[key] = FormValues.Text(data, key) ?? "";
            }
        }
        return values;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting action {Verb} refused in sector {SectorId}: not a police officer of the sector")]
    private static partial void LogRefused(ILogger logger, string verb, string sectorId);
}
