using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.State;

/// <summary>Keeps conversation references for proactive messages (users and channels).</summary>
public interface IConversationReferenceStore
{
    /// <summary>Inserts or refreshes the reference (service URL and last-seen time move forward).</summary>
    Task SaveAsync(ConversationReference reference, CancellationToken cancellationToken);

    /// <summary>The reference of a personal chat, by the user's Entra object id.</summary>
    Task<ConversationReference?> FindUserAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken);

    /// <summary>The reference of a Teams channel, by its channel id (19:...).</summary>
    Task<ConversationReference?> FindChannelAsync(string tenantId, string teamsChannelId, CancellationToken cancellationToken);
}

/// <summary>Remembers which inbound activities were already processed, so a redelivery is applied once.</summary>
public interface IProcessedActivityStore
{
    /// <summary>
    /// Records (conversationId, activityId) as processed. Returns false when it was already recorded
    /// and has not expired: the caller must then skip the activity.
    /// </summary>
    Task<bool> TryMarkProcessedAsync(string conversationId, string activityId, CancellationToken cancellationToken);
}

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
