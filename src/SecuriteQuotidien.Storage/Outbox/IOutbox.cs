using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.Storage.Outbox;

public enum OutboxState
{
    Pending,
    Sent,
    /// <summary>Will not be retried (e.g. 403/404 from the connector: bot removed, chat deleted).</summary>
    FailedPermanent,
}

/// <summary>A proactive message to send, identified by its idempotency key.</summary>
public sealed record OutboxMessage
{
    public required string Key { get; init; }
    public required ConversationReference Target { get; init; }
    /// <summary>The activity to send, as JSON.</summary>
    public required string ActivityJson { get; init; }
    public required OutboxState State { get; init; }
    /// <summary>Claims so far (a claim is an attempt to send).</summary>
    public required int Attempts { get; init; }
    public required DateTimeOffset NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
}

/// <summary>One message for <see cref="IOutbox.EnqueueManyAsync"/>: the arguments of <see cref="IOutbox.EnqueueAsync"/>.</summary>
public sealed record OutboxEnqueue(string Key, ConversationReference Target, string ActivityJson, DateTimeOffset? NotBefore = null);

/// <summary>
/// A message claimed by one instance until <see cref="ClaimedUntil"/>. After that, another instance
/// may claim it again (the first is presumed dead), and this claim's complete/reschedule/fail return false.
/// </summary>
public sealed record OutboxClaim(OutboxMessage Message, string Owner, DateTimeOffset ClaimedUntil, string Token);

/// <summary>
/// Durable outbox for proactive sends: a crash, a 429 storm or a storage outage delays a message,
/// never loses or doubles its enqueue. Safe with several instances claiming at once.
/// </summary>
public interface IOutbox
{
    /// <summary>Adds the message unless its key is already known. Returns false for a repeated key.</summary>
    Task<bool> EnqueueAsync(string idempotencyKey, ConversationReference target, string activityJson,
        DateTimeOffset? notBefore, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="EnqueueAsync"/> for each message, in order; returns, for each, whether it was added.
    /// Implementations may store several messages per round trip.
    /// </summary>
    async Task<IReadOnlyList<bool>> EnqueueManyAsync(IReadOnlyList<OutboxEnqueue> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var added = new bool[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            added[i] = await EnqueueAsync(messages[i].Key, messages[i].Target, messages[i].ActivityJson, messages[i].NotBefore, cancellationToken);
        }
        return added;
    }

    /// <summary>Claims up to <paramref name="max"/> due messages for <paramref name="claimDuration"/>; each due message goes to one claimer.</summary>
    Task<IReadOnlyList<OutboxClaim>> ClaimDueAsync(string owner, int max, TimeSpan claimDuration, CancellationToken cancellationToken);

    /// <summary>Marks the claimed message sent. False when the claim was lost.</summary>
    Task<bool> CompleteAsync(OutboxClaim claim, CancellationToken cancellationToken);

    /// <summary>Puts the claimed message back for a later attempt (e.g. after a 429 or a 5xx). False when the claim was lost.</summary>
    Task<bool> RescheduleAsync(OutboxClaim claim, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    /// <summary>Gives up on the claimed message for good. False when the claim was lost.</summary>
    Task<bool> FailAsync(OutboxClaim claim, string error, CancellationToken cancellationToken);

    Task<OutboxMessage?> GetAsync(string idempotencyKey, CancellationToken cancellationToken);
}
