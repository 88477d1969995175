using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>
/// "Exporter (Excel)" on the agenda and minutes cards. The police of the sector get the version the card shows
/// (police or partners); a partner of the sector always gets the partner version; anyone else nothing. The file
/// goes where `export` sends it (<see cref="IExportDelivery"/>): from a channel, to the clicker's personal chat.
/// </summary>
public sealed partial class MeetingExportFeature(IDirectory directory, MeetingExportService exports, IExportDelivery delivery,
    ILogger<MeetingExportFeature> logger) : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (turn, user, verb, data) = (request.Turn, request.User, request.Id, request.Data);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(data);
        if (FormValues.Text(data, MeetingFields.Sector) is not { } sectorId || directory.FindSector(sectorId) is not { } sector)
        {
            return TurnAnswer.Text("Ce bouton ne correspond à aucun secteur.");
        }
        var askedPartnerVersion = FormValues.Text(data, MeetingFields.PartnerSafe) == MeetingCards.PartnerSafeValue;
        if (VersionFor(user, sector, askedPartnerVersion) is not { } partnerSafe)
        {
            LogRefused(logger, verb, sector.Id);
            return TurnAnswer.Text(MeetingExportCards.Refusal);
        }
        if (!await delivery.CanDeliverAsync(turn, user, cancellationToken))
        {
            return TurnAnswer.Text(MeetingExportCards.NoPersonalChat);
        }
        var requester = user.AadObjectId!;
        ExportAnswer answer;
        if (verb == ActionIds.Meeting.MinutesExport)
        {
            if (!FormValues.TryDate(FormValues.Text(data, MeetingFields.MeetingDate), out var meetingDate))
            {
                return TurnAnswer.Text(MeetingExportService.NoMinutes);
            }
            answer = await exports.ExportMinutesAsync(sector, meetingDate, partnerSafe, requester, cancellationToken);
        }
        else
        {
            answer = await exports.ExportAgendaAsync(sector, partnerSafe, requester, cancellationToken);
        }
        if (!answer.IsReady)
        {
            return TurnAnswer.Text(answer.Message.Text ?? MeetingExportService.NoMinutes);
        }
        return TurnAnswer.Text(await delivery.DeliverAsync(turn, user, answer, cancellationToken)
            ? ExportMessages.SentToPersonalChat
            : MeetingExportCards.RepliedBelow);
    }

    /// <summary>Whether <paramref name="user"/> gets the partner version (true), the police one (false), or nothing (null).</summary>
    public static bool? VersionFor(BotUser user, Sector sector, bool askedPartnerVersion)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(sector);
        if (user.AadObjectId is null || !user.IsKnown)
        {
            return null;
        }
        if (user.Roles.IsPoliceOf(sector.Id))
        {
            return askedPartnerVersion;
        }
        return user.Roles.Partner is { } partner && partner.SectorIds.Contains(sector.Id) ? true : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting export {Verb} refused in sector {SectorId}")]
    private static partial void LogRefused(ILogger logger, string verb, string sectorId);
}

/// <summary>`ordre du jour export` (add « partenaires » for the partner version): the agenda's workbook, police of the sector only.</summary>
public sealed class AgendaExportCommand(ISectorCommandScope scope, MeetingExportService exports, IExportDelivery delivery) : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
        return TurnAnswer.None;
    }

    private async Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(user);
        var (sector, refusal) = scope.Resolve(turn, user, "ordre du jour export");
        if (sector is null)
        {
            await turn.ReplyAsync(ExportMessages.Text(refusal!), cancellationToken);
            return;
        }
        if (!await delivery.CanDeliverAsync(turn, user, cancellationToken))
        {
            await turn.ReplyAsync(ExportMessages.Text(ExportMessages.NoPersonalChat.Replace("« export »", "« ordre du jour export »", StringComparison.Ordinal)),
                cancellationToken);
            return;
        }
        var partnerSafe = CommandTable.Normalize(argument).Contains("partenaire", StringComparison.Ordinal);
        var answer = await exports.ExportAgendaAsync(sector, partnerSafe, user.AadObjectId!, cancellationToken);
        if (await delivery.DeliverAsync(turn, user, answer, cancellationToken))
        {
            await turn.ReplyAsync(ExportMessages.Text(ExportMessages.SentToPersonalChat), cancellationToken);
        }
    }
}
