using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Bot.IssueCard;

/// <summary>
/// Builds an issue's current root card (timeline, current deadline, refresh for the referent and
/// deputy) and updates the posted card in place for everyone, through the durable outbox.
/// </summary>
public sealed class IssueCardService(
    IDirectory directory,
    IIssueEventRepository events,
    IConversationReferenceStore references,
    IPoliceOnlyTextStore policeTexts,
    IProactiveSender sender,
    IOptions<IssueCardOptions> options,
    TimeProvider time) : IIssueCards
{
    public async Task<AdaptiveCard> BuildAsync(Issue issue, CancellationToken cancellationToken, string? notice = null, int? eventsShown = null,
        string? transferredFrom = null, IssueView view = IssueView.Police)
    {
        var police = view == IssueView.Police;
        var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken);
        var now = time.GetUtcNow();
        var category = directory.FindCategory(issue.CategoryId);
        var delay = category?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays;
        var deadline = ResponseDeadline.DeadlineOf(ResponseClocks.FromTimeline(issue, timeline, delay), now);
        return IssueRootCard.Build(issue, directory, ParisTime.DateOf(now), new RootCardDetails
        {
            // The clock needs the whole timeline; a partner's view shows only what partners may see of it.
            Events = police ? timeline : [.. timeline.Where(e => e.Visibility == EventVisibility.PartnerVisible)],
            EventsShown = eventsShown ?? options.Value.EventsShown,
            CurrentDeadline = deadline,
            RefreshUserIds = await RefreshUserIdsAsync(issue, cancellationToken),
            Notice = notice,
            TransferredFrom = transferredFrom,
            PoliceText = police ? await policeTexts.GetAsync(issue.Number, cancellationToken) : null,
            DetailsWithheld = view == IssueView.Shared && category?.Restricted == true,
        });
    }

    /// <summary>Replaces the posted root card with the current one (no-op while the card is not posted yet).</summary>
    public async Task PublishAsync(Issue issue, string eventId, CancellationToken cancellationToken)
    {
        if (issue.Thread is not { } thread || directory.FindSector(issue.SectorId) is not { } sector)
        {
            return;
        }
        // Every member of the channel reads the posted card: the shared view; the police get theirs by refresh.
        var card = await BuildAsync(issue, cancellationToken, view: IssueView.Shared);
        await sender.UpdateInChannelAsync(OutboxKeys.Card(issue.Number, eventId), ChannelAddress.Of(directory, sector), thread.ConversationId,
            thread.RootActivityId, card.ToMessage(summary: $"Signalement {issue.Number}"), cancellationToken: cancellationToken);
    }

    public async Task<AdaptiveCard> PublishTransferAsync(Issue before, Issue moved, Sector target, string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(moved);
        ArgumentNullException.ThrowIfNull(target);
        var transferred = IssueRootCard.Transferred(moved, directory);
        if (before.Thread is { } oldThread && directory.FindSector(before.SectorId) is { } oldSector)
        {
            await sender.UpdateInChannelAsync(OutboxKeys.Card(before.Number, eventId), ChannelAddress.Of(directory, oldSector),
                oldThread.ConversationId, oldThread.RootActivityId, transferred.ToMessage(summary: transferred.FallbackText), cancellationToken: cancellationToken);
        }
        var rootCard = await BuildAsync(moved, cancellationToken, eventsShown: options.Value.TransferHistoryShown, transferredFrom: before.SectorId,
            view: IssueView.Shared);
        await sender.StartThreadAsync(OutboxKeys.TransferredRoot(before.Number, eventId), ChannelAddress.Of(directory, target),
            rootCard.ToMessage(summary: $"Signalement {before.Number} transféré"), new ProactiveSendOptions
            {
                OnSent = AttachThreadPurpose.For(target.Id, before.Number),
                FailureAlert = $"Le signalement {before.Number} transféré au secteur {target.Name} n'a pas pu être publié dans son canal : "
                    + "le bot a peut-être été retiré de l'équipe. Réinstallez-le dans l'équipe, puis prévenez le référent.",
            }, cancellationToken);
        return transferred;
    }

    /// <summary>
    /// Refresh needs Teams user ids (29:...), which the directory does not hold: they are known once
    /// the person has installed the bot. Only when both the referent's and the deputy's are known is the
    /// refresh limited to them (and the commissioner's, when known); otherwise userIds is omitted (Teams then refreshes for every member of
    /// a channel of up to 60 people).
    /// </summary>
    private async Task<IReadOnlyList<string>?> RefreshUserIdsAsync(Issue issue, CancellationToken cancellationToken)
    {
        if (directory.FindSector(issue.SectorId) is not { } sector)
        {
            return null;
        }
        var ids = new List<string>();
        foreach (var objectId in new[] { sector.ReferentObjectId, sector.DeputyObjectId }.Distinct(StringComparer.Ordinal))
        {
            var reference = await references.FindUserAsync(directory.TenantId, objectId, cancellationToken);
            if (reference?.UserId is not { Length: > 0 } userId)
            {
                return null;
            }
            ids.Add(userId);
        }
        // The commissioner too, once known: the department's police view at a glance.
        if (await references.FindUserAsync(directory.TenantId, directory.CommissionerObjectId, cancellationToken) is { UserId: { Length: > 0 } commissioner })
        {
            ids.Add(commissioner);
        }
        return ids.Distinct(StringComparer.Ordinal).ToList();
    }
}
