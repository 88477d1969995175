using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Turns.Ports;

/// <summary>Sends a new issue to its sector (the channel post goes through the durable outbox).</summary>
public interface INewIssueRouter
{
    /// <summary>Idempotent: routing the same issue again enqueues nothing new.</summary>
    Task RouteAsync(Issue issue, CancellationToken cancellationToken);
}

/// <summary>
/// An issue's root card in its sector channel: built as an answer to the clicker, and updated in place for
/// everyone through the durable outbox. Implemented by the IssueCard feature.
/// </summary>
public interface IIssueCards
{
    /// <summary>
    /// The current root card: the timeline's last events (<paramref name="eventsShown"/>, else the configured
    /// number), the current deadline, the police-only layer, the refresh for the referent and deputy.
    /// </summary>
    /// <param name="notice">A line above the facts (e.g. why the clicked action was not applied).</param>
    /// <param name="transferredFrom">The sector the issue came from, on the new thread of a transferred issue.</param>
    /// <param name="view">Who the card is built for: the police (the default: every button answers police callers), the
    /// reporter, or everybody who reads the conversation it is posted in.</param>
    Task<AdaptiveCard> BuildAsync(Issue issue, CancellationToken cancellationToken, string? notice = null, int? eventsShown = null,
        string? transferredFrom = null, IssueView view = IssueView.Police);

    /// <summary>Replaces the posted root card with the current one, once per event (no-op while the card is not posted yet).</summary>
    Task PublishAsync(Issue issue, string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// After a transfer to <paramref name="target"/>: the old thread's card points to the new sector, and the new sector's
    /// channel gets a thread with the history. Returns the card that replaced the old one (the answer to the clicker).
    /// </summary>
    Task<AdaptiveCard> PublishTransferAsync(Issue before, Issue moved, Sector target, string eventId, CancellationToken cancellationToken);
}

/// <summary>Who an issue card is built for.</summary>
public enum IssueView
{
    /// <summary>The police of the issue's sector and the commissioner: police notes, masked originals, pause reasons.</summary>
    Police,

    /// <summary>The partner who reported it: what partners may see, its restricted category included.</summary>
    Reporter,

    /// <summary>
    /// Everybody in the conversation where the card is posted (a GPO channel counts partners): what partners may see,
    /// and a restricted category's details left out.
    /// </summary>
    Shared,
}

/// <summary>The reporting partner's side of an issue: messages in their personal chat through the durable outbox.</summary>
public interface IPartnerNotifier
{
    /// <summary>A card for the partner about a step of their issue, once per event.</summary>
    Task SendAsync(Issue issue, string eventId, AdaptiveCard card, CancellationToken cancellationToken);

    /// <summary>
    /// Asks « Le problème persiste-t-il ? » some days after the closure; <paramref name="reopenings"/> (the issue's
    /// reopenings so far) gives a closure after a reopening its own question.
    /// </summary>
    Task AskFollowUpAsync(Issue closed, int reopenings, CancellationToken cancellationToken);
}
