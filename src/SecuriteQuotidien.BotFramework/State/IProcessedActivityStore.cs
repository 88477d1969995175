namespace SecuriteQuotidien.BotFramework.State;

/// <summary>
/// Remembers inbound activities so that a redelivery is applied once, and keeps the activities acknowledged
/// with 202 until they are processed, so that a stopped instance loses none of them.
/// </summary>
public interface IProcessedActivityStore
{
    /// <summary>
    /// Records (conversationId, activityId) as processed. Returns false when it was already recorded
    /// and has not expired: the caller must then skip the activity. Used for invokes, whose answer is the
    /// HTTP response: nothing to replay, so no body is kept.
    /// </summary>
    Task<bool> TryMarkProcessedAsync(string conversationId, string activityId, CancellationToken cancellationToken);

    /// <summary>
    /// Records the activity as accepted together with its body, durably, in one write with the
    /// de-duplication mark. Returns false for a redelivery (already accepted or processed, not expired).
    /// The accepting instance holds the activity for <paramref name="claim"/>; after that, if it was not
    /// marked done, <see cref="ClaimPendingAsync"/> hands it to whichever instance asks.
    /// </summary>
    Task<bool> TryAcceptAsync(string conversationId, string activityId, ReadOnlyMemory<byte> body, TimeSpan claim,
        CancellationToken cancellationToken);

    /// <summary>
    /// Marks an accepted activity as processed. Lazy: the mark is written by the next
    /// <see cref="FlushDoneAsync"/>; until then (or if the process dies first) the activity stays pending,
    /// and may be processed again once its claim expires (handlers are idempotent).
    /// </summary>
    void MarkDone(string conversationId, string activityId);

    /// <summary>Writes the done marks queued so far (batched per partition). Marks that could not be written are kept for the next flush.</summary>
    Task FlushDoneAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Accepted activities not marked done whose claim has expired (their instance stopped or is too slow),
    /// up to <paramref name="max"/>, each claimed for <paramref name="claim"/> by an ETag-checked write, so two
    /// instances asking at once never get the same one.
    /// </summary>
    Task<IReadOnlyList<PendingActivity>> ClaimPendingAsync(TimeSpan claim, int max, CancellationToken cancellationToken);
}

/// <summary>An accepted activity not yet processed. <see cref="Attempts"/> counts the claims after the first acceptance.</summary>
/// <param name="Body">The request body as received; null when the stored copy could not be read back.</param>
public sealed record PendingActivity(string ConversationId, string ActivityId, byte[]? Body, int Attempts);

public static class ProcessedActivityStoreExtensions
{
    /// <summary>
    /// True when the activity must be processed: it has no id to de-duplicate on, or this is the
    /// first delivery of (conversation id, activity id).
    /// </summary>
    public static async Task<bool> IsFirstDeliveryAsync(this IProcessedActivityStore store, Schema.Activity activity, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(activity.Id) || string.IsNullOrEmpty(activity.Conversation?.Id)
        || await store.TryMarkProcessedAsync(activity.Conversation.Id, activity.Id, cancellationToken);
}
