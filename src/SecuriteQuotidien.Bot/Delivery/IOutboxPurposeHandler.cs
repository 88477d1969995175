using System.Text.Json;

namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>What the connector gave back for a sent message.</summary>
/// <param name="IdempotencyKey">The outbox key of the message.</param>
/// <param name="ConversationId">Where it was posted; for a new thread <c>&lt;channel&gt;;messageid=&lt;root&gt;</c>.</param>
/// <param name="ActivityId">The id of the posted (or replaced) activity, when the connector gave one.</param>
public sealed record DeliveredMessage(string IdempotencyKey, string ConversationId, string? ActivityId);

/// <summary>
/// An "on sent" purpose: records the effect of a send in the domain (e.g. the thread of an issue).
/// Registered in DI; found by <see cref="Name"/> from the outbox message.
/// <para>
/// Crash window: the dispatcher sends, then calls <see cref="OnSentAsync"/>, then marks the message
/// sent. A crash (or lost claim) after the send and before the mark leaves the message pending: it is
/// claimed again once its claim has expired and, unless <see cref="IsAlreadyDoneAsync"/> says the
/// effect is already recorded, sent a second time. So a purpose shrinks the window of a double to
/// "sent but effect not yet recorded"; a message without purpose keeps the window
/// "sent but not yet marked sent".
/// </para>
/// </summary>
public interface IOutboxPurposeHandler
{
    string Name { get; }

    /// <summary>
    /// Before a message is sent again (second claim or later): true when an earlier attempt already
    /// went through and its effect is recorded; the message is then marked sent without a new send.
    /// </summary>
    Task<bool> IsAlreadyDoneAsync(JsonElement data, CancellationToken cancellationToken);

    /// <summary>
    /// After a successful send, before the message is marked sent. Must be idempotent (it may run
    /// again after a crash) and should not throw for a state it cannot change (log it instead): a
    /// thrown exception is retried a few times, then the message is rescheduled and sent again.
    /// </summary>
    Task OnSentAsync(DeliveredMessage delivered, JsonElement data, CancellationToken cancellationToken);
}
