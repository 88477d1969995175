using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.IssueCard;

/// <summary>The partner's side: short messages in their personal chat at each partner-visible step, and the follow-up question.</summary>
public sealed class PartnerNotifier(IDirectory directory, IProactiveSender sender, IOptions<FollowUpOptions> followUp) : IPartnerNotifier
{
    public Task SendAsync(Issue issue, string eventId, AdaptiveCard card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(card);
        return sender.SendToUserAsync(OutboxKeys.PartnerStep(issue.Number, eventId), PartnerOf(issue), card.ToMessage(summary: card.FallbackText), cancellationToken: cancellationToken);
    }

    /// <summary>Asks "Le problème persiste-t-il ?" <see cref="FollowUpOptions.DelayDays"/> days after the closure.</summary>
    public Task AskFollowUpAsync(Issue closed, int reopenings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var closedAt = closed.ClosedAt ?? throw new InvalidOperationException("The follow-up is asked after a closure.");
        var card = PartnerCards.FollowUpQuestion(closed);
        return sender.SendToUserAsync(OutboxKeys.FollowUp(closed.Number, reopenings), PartnerOf(closed), card.ToMessage(summary: card.FallbackText),
            new ProactiveSendOptions { NotBefore = closedAt.AddDays(followUp.Value.DelayDays) }, cancellationToken);
    }

    private UserAddress PartnerOf(Issue issue) => new(directory.TenantId, issue.Reporter.ObjectId);
}
