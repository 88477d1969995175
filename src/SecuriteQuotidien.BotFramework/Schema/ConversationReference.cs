namespace SecuriteQuotidien.BotFramework.Schema;

/// <summary>
/// What the bot keeps to speak first in a conversation (proactive messages).
/// Only service URLs that arrived on authenticated activities are stored.
/// </summary>
public sealed record ConversationReference
{
    public required string ConversationId { get; init; }
    public required string ServiceUrl { get; init; }
    public string ChannelId { get; init; } = "msteams";
    /// <summary>personal, groupChat or channel.</summary>
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public string? BotId { get; init; }
    public string? BotName { get; init; }
    /// <summary>Teams user id (29:...) for a personal conversation.</summary>
    public string? UserId { get; init; }
    public string? UserAadObjectId { get; init; }
    public string? TeamId { get; init; }
    /// <summary>Teams channel id (19:...@thread.tacv2) for a channel conversation.</summary>
    public string? TeamsChannelId { get; init; }
    public string? Locale { get; init; }
    public DateTimeOffset LastSeen { get; init; }
}
