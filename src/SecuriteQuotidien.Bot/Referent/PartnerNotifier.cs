using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Referent;

/// <summary>The partner's side: short messages in their personal chat at each partner-visible step, and the follow-up question.</summary>
public sealed class PartnerNotifier(IDirectory directory, IProactiveSender sender, IOptions<FollowUpOptions> followUp)
{
    public static string StepKey(IssueNumber number, string eventId) => $"partner:{number}:{eventId}";

    /// <summary>"followup:{number}" for the first closure; a closure after a reopening gets its own question.</summary>
    public static string FollowUpKey(IssueNumber number, int reopenings) =>
        reopenings == 0 ? $"followup:{number}" : $"followup:{number}:{reopenings + 1}";

    public Task SendAsync(Issue issue, string eventId, AdaptiveCard card, CancellationToken cancellationToken) =>
        sender.SendToUserAsync(StepKey(issue.Number, eventId), PartnerOf(issue), card.ToMessage(summary: card.FallbackText), cancellationToken: cancellationToken);

    /// <summary>Asks "Le problème persiste-t-il ?" <see cref="FollowUpOptions.DelayDays"/> days after the closure.</summary>
    public Task AskFollowUpAsync(Issue closed, int reopenings, CancellationToken cancellationToken)
    {
        var closedAt = closed.ClosedAt ?? throw new InvalidOperationException("The follow-up is asked after a closure.");
        var card = ReferentCards.FollowUpQuestion(closed);
        return sender.SendToUserAsync(FollowUpKey(closed.Number, reopenings), PartnerOf(closed), card.ToMessage(summary: card.FallbackText),
            new ProactiveSendOptions { NotBefore = closedAt.AddDays(followUp.Value.DelayDays) }, cancellationToken);
    }

    private UserAddress PartnerOf(Issue issue) => new(directory.TenantId, issue.Reporter.ObjectId);
}
