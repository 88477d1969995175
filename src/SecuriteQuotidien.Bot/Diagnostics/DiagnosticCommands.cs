using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Routing;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>
/// The sector of a police command: the sector of the channel it was typed in, or, in a personal chat, the
/// only sector the officer answers for. Anyone else gets a French explanation and nothing happens.
/// </summary>
public sealed class SectorCommandScope(IDirectory directory, DiagnosticService service)
{
    public const string NotPolice = "Cette commande est réservée au référent du secteur, à son adjoint, au commissaire et aux administrateurs.";

    /// <summary>The sector, or the French reason why there is none.</summary>
    public (Sector? Sector, string? Refusal) Resolve(TurnContext turn, BotUser user, string command)
    {
        if (user.AadObjectId is not { } objectId || !user.Roles.IsPolice)
        {
            return (null, NotPolice);
        }
        var sector = service.SectorOfChannel(turn.Activity);
        if (sector is null)
        {
            var own = user.Roles.PoliceSectorIds.ToList();
            if (turn.Activity.Conversation?.ConversationType == "channel" || own.Count != 1)
            {
                return (null, $"Écrivez « {command} » dans le canal du secteur concerné (en mentionnant le bot).");
            }
            sector = directory.FindSector(own[0]);
        }
        return sector is not null && DiagnosticService.ActorOf(objectId, user.Roles).IsPoliceOf(sector.Id)
            ? (sector, null)
            : (null, NotPolice);
    }
}

/// <summary>Shared reply helpers of the diagnostics commands.</summary>
internal static class Replies
{
    public static Task Text(TurnContext turn, string text, CancellationToken cancellationToken) =>
        turn.ReplyAsync(new Activity { Type = ActivityTypes.Message, Text = text }, cancellationToken);

    public static Task Card(TurnContext turn, AdaptiveCard card, CancellationToken cancellationToken) =>
        turn.ReplyAsync(card.ToMessage(summary: card.FallbackText), cancellationToken);
}

/// <summary>A police command of one sector: resolves the sector (or explains why not), then answers a card.</summary>
public abstract class SectorCommand(SectorCommandScope scope, string typed) : ICommandHandler
{
    public abstract string CommandId { get; }

    public async Task HandleAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        var (sector, refusal) = scope.Resolve(turn, user, typed);
        if (sector is null)
        {
            await Replies.Text(turn, refusal!, cancellationToken);
            return;
        }
        await Replies.Card(turn, await CardAsync(sector, argument, cancellationToken), cancellationToken);
    }

    protected abstract Task<AdaptiveCard> CardAsync(Sector sector, string argument, CancellationToken cancellationToken);
}

/// <summary>`diagnostic nouveau`: the opening form, in the sector's channel.</summary>
public sealed class NewDiagnosticCommand(SectorCommandScope scope, DiagnosticService service) : SectorCommand(scope, "diagnostic nouveau")
{
    public override string CommandId => ActionIds.Commands.DiagnosticNew;

    protected override async Task<AdaptiveCard> CardAsync(Sector sector, string argument, CancellationToken cancellationToken)
    {
        var facts = service.FactsOf(await service.SectorIssuesAsync(sector.Id, cancellationToken));
        var values = new Dictionary<string, string> { [DiagnosticFields.Title] = argument.Trim() };
        return DiagnosticCards.OpenForm(sector, service.Candidates(facts, []), values, new Dictionary<string, string>(), null);
    }
}

/// <summary>`diagnostics`: the police see the diagnostics of the channel's sector (or of their sectors); partners their shared part.</summary>
public sealed class DiagnosticListCommand(IDirectory directory, IDiagnosticRepository diagnostics, DiagnosticService service) : ICommandHandler
{
    public string CommandId => ActionIds.Commands.Diagnostics;

    public async Task HandleAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        if (user.Roles.Partner is { } partner && !user.Roles.IsPolice)
        {
            var open = await diagnostics.ListOpenAsync(partner.SectorIds, cancellationToken);
            var items = open.Select(s => new PartnerDiagnosticItem(PartnerView.Of(s.Diagnostic, service.Confidentiality),
                [.. s.Diagnostic.ActionsOwnedBy(partner.Organisation.Id)])).ToList();
            await Replies.Card(turn, PartnerDiagnosticCards.MyActions(partner.Organisation.Name, items, directory, service.Today), cancellationToken);
            return;
        }
        if (!user.Roles.IsPolice)
        {
            await Replies.Text(turn, SectorCommandScope.NotPolice, cancellationToken);
            return;
        }
        var sectorIds = service.SectorOfChannel(turn.Activity) is { } channelSector
            ? [channelSector.Id]
            : user.Roles.IsCommissioner || user.Roles.IsAdministrator ? directory.Sectors.Select(s => s.Id).ToList() : user.Roles.PoliceSectorIds.ToList();
        var actor = DiagnosticService.ActorOf(user.AadObjectId!, user.Roles);
        var listed = new List<Diagnostic>();
        foreach (var sectorId in sectorIds.Where(actor.IsPoliceOf))
        {
            listed.AddRange((await diagnostics.ListBySectorAsync(sectorId, cancellationToken)).Select(s => s.Diagnostic));
        }
        await Replies.Card(turn, DiagnosticCards.List([.. listed.OrderBy(d => d.IsOpen ? 0 : 1).ThenByDescending(d => d.Number)], directory, service.Today),
            cancellationToken);
    }
}

/// <summary>`mes actions`: the partner's actions, with the shared part of their diagnostics.</summary>
public sealed class MyActionsCommand(IDirectory directory, DiagnosticService service) : ICommandHandler
{
    public string CommandId => ActionIds.Commands.MyActions;

    public async Task HandleAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        if (user.Roles.Partner is not { } partner)
        {
            await Replies.Text(turn, "« mes actions » liste les actions confiées à votre organisation partenaire. Pour la police : écrivez « diagnostics ».",
                cancellationToken);
            return;
        }
        var items = await service.PartnerItemsAsync(partner, cancellationToken);
        await Replies.Card(turn, PartnerDiagnosticCards.MyActions(partner.Organisation.Name, items, directory, service.Today), cancellationToken);
    }
}

/// <summary>`ordre du jour` (add « partenaires » for the version shared with partners).</summary>
public sealed class AgendaCommand(SectorCommandScope scope, MeetingService meetings) : SectorCommand(scope, "ordre du jour")
{
    public override string CommandId => ActionIds.Commands.Agenda;

    protected override Task<AdaptiveCard> CardAsync(Sector sector, string argument, CancellationToken cancellationToken) =>
        meetings.AgendaCardAsync(sector.Id, CommandTable.Normalize(argument).Contains("partenaire", StringComparison.Ordinal), cancellationToken);
}

/// <summary>`compte rendu`: the minutes form of the sector's GPO meeting.</summary>
public sealed class MinutesCommand(SectorCommandScope scope, MeetingService meetings) : SectorCommand(scope, "compte rendu")
{
    public override string CommandId => ActionIds.Commands.Minutes;

    protected override Task<AdaptiveCard> CardAsync(Sector sector, string argument, CancellationToken cancellationToken) =>
        meetings.MinutesFormAsync(sector, new Dictionary<string, string>(), new Dictionary<string, string>(), cancellationToken);
}
