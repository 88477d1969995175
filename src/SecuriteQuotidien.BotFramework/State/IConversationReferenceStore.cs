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
