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
/// The buttons of the agenda and minutes cards, for the police of the sector (referent, deputy, commissioner): the agenda again (police or partner version), the minutes form, and its submit, which saves
/// and applies the decisions.
/// </summary>
public sealed class MeetingActionsFeature(MeetingService meetings) : IActionHandler
{
    private static readonly string[] FormFields = [MeetingFields.MeetingDate, MeetingFields.Attendees, MeetingFields.Summary];


    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (turn, user, verb, data) = (request.Turn, request.User, request.Id, request.Data);
        ArgumentNullException.ThrowIfNull(user);
        // The kernel found the sector and admitted its police (declared in the registration).
        if (request.Target.SectorOf() is not { } sector || user.AadObjectId is not { } objectId)
        {
            return TurnAnswer.Text(ActionTargetReader.UnknownSector);
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

}
