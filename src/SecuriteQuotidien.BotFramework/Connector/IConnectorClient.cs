using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Connector;

/// <summary>
/// The Bot Framework Connector REST API v3 (bot-protocol §3). Every failure surfaces as a
/// <see cref="ConnectorException"/> (cancellation as <see cref="OperationCanceledException"/>).
/// </summary>
public interface IConnectorClient
{
    /// <summary><c>POST v3/conversations/{conversationId}/activities/{replyToActivityId}</c>; sets activity.replyToId when absent.</summary>
    Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToActivityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>POST v3/conversations/{conversationId}/activities</c>.</summary>
    Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>PUT v3/conversations/{conversationId}/activities/{activityId}</c> (full replacement); sets activity.id when absent.</summary>
    Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>DELETE v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST v3/conversations</c>: a 1:1 chat (<see cref="ConversationParameters.ForPersonalChat"/>)
    /// or a new channel thread (<see cref="ConversationParameters.ForChannelThread"/>).
    /// </summary>
    Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken);

    /// <summary><c>GET v3/conversations/{conversationId}/members/{userId}</c> (pass the team id for a team roster).</summary>
    Task<TeamsChannelAccount> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken);
}
