using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
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
public sealed class SectorCommandScope(IDirectory directory, DiagnosticService service) : ISectorCommandScope
{
    public const string NotPolice = "Cette commande est réservée au référent du secteur, à son adjoint, au commissaire et aux administrateurs.";

    public (Sector? Sector, string? Refusal) Resolve(TurnContext turn, BotUser user, string command)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(user);
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

/// <summary>`diagnostic nouveau`: the opening form, in the sector's channel.</summary>
public sealed class NewDiagnosticCommand(ISectorCommandScope scope, DiagnosticService service) : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
        return TurnAnswer.None;
    }

    private Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken) =>
        scope.ReplyForSectorAsync(turn, user, "diagnostic nouveau", async (sector, ct) =>
        {
            var facts = service.FactsOf(await service.SectorIssuesAsync(sector.Id, ct));
            var values = new Dictionary<string, string> { [DiagnosticFields.Title] = argument.Trim() };
            return DiagnosticCards.OpenForm(sector, service.Candidates(facts, []), values, new Dictionary<string, string>(), null);
        }, cancellationToken);
}

/// <summary>`diagnostics`: the police see the diagnostics of the channel's sector (or of their sectors); partners their shared part.</summary>
public sealed class DiagnosticListCommand(IDirectory directory, IDiagnosticRepository diagnostics, DiagnosticService service) : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
        return TurnAnswer.None;
    }

    private async Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
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
public sealed class MyActionsCommand(IDirectory directory, DiagnosticService service) : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
        return TurnAnswer.None;
    }

    private async Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
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
