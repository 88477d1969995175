using System.Text.Json;

namespace SecuriteQuotidien.BotFramework.Schema;

/// <summary>Small Teams protocol helpers on inbound activities (bot-protocol §3.2, §4).</summary>
public static class ActivityExtensions
{
    public const string MentionEntityType = "mention";

    /// <summary>
    /// The activity text without the mentions of the bot (§4.1): for each mention entity naming the
    /// recipient, its text (or <c>&lt;at&gt;name&lt;/at&gt;</c>) is removed, case-insensitively, then
    /// the text is trimmed. The activity is not modified.
    /// </summary>
    public static string? RemoveRecipientMention(this Activity activity)
    {
        var text = activity.Text;
        var recipientId = activity.Recipient?.Id;
        if (text is null || recipientId is null || activity.Entities is null)
        {
            return text?.Trim();
        }
        foreach (var entity in activity.Entities)
        {
            if (!string.Equals(entity.Type, MentionEntityType, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(entity.Mentioned?.Id, recipientId, StringComparison.Ordinal))
            {
                continue;
            }
            var mentionText = entity.Text ?? $"<at>{entity.Mentioned!.Name}</at>";
            text = text.Replace(mentionText, string.Empty, StringComparison.OrdinalIgnoreCase);
        }
        return text.Trim();
    }

    /// <summary>The Teams part of channelData, or null when absent or not an object.</summary>
    public static TeamsChannelData? GetTeamsChannelData(this Activity activity)
    {
        if (activity.ChannelData is not { ValueKind: JsonValueKind.Object } channelData)
        {
            return null;
        }
        try
        {
            return channelData.Deserialize(BotJsonContext.Default.TeamsChannelData);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>channelData.tenant.id, else conversation.tenantId.</summary>
    public static string? GetTenantId(this Activity activity) =>
        NullIfEmpty(activity.GetTeamsChannelData()?.Tenant?.Id) ?? NullIfEmpty(activity.Conversation?.TenantId);

    /// <summary>The Teams channel id (channelData.channel.id, <c>19:...@thread.tacv2</c>) in channel contexts.</summary>
    public static string? GetTeamsChannelId(this Activity activity) => NullIfEmpty(activity.GetTeamsChannelData()?.Channel?.Id);

    /// <summary>The team id (channelData.team.id) in team contexts.</summary>
    public static string? GetTeamId(this Activity activity) => NullIfEmpty(activity.GetTeamsChannelData()?.Team?.Id);

    /// <summary>True when membersAdded contains the bot itself (§4.3).</summary>
    public static bool IsBotAdded(this Activity activity) => ContainsRecipient(activity, activity.MembersAdded);

    /// <summary>True when membersRemoved contains the bot itself (§4.3).</summary>
    public static bool IsBotRemoved(this Activity activity) => ContainsRecipient(activity, activity.MembersRemoved);

    /// <summary>
    /// What to keep for proactive messages (§3.2). The user fields are filled for personal chats only,
    /// since in a channel the sender is just whoever spoke last.
    /// </summary>
    public static ConversationReference ToConversationReference(this Activity activity, TimeProvider timeProvider)
    {
        var conversationId = activity.Conversation?.Id;
        if (string.IsNullOrEmpty(conversationId) || string.IsNullOrEmpty(activity.ServiceUrl))
        {
            throw new ArgumentException("The activity has no conversation id or no serviceUrl.", nameof(activity));
        }
        var channelData = activity.GetTeamsChannelData();
        var isPersonal = string.Equals(activity.Conversation!.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);
        return new ConversationReference
        {
            ConversationId = conversationId,
            ServiceUrl = activity.ServiceUrl,
            ChannelId = activity.ChannelId ?? "msteams",
            ConversationType = activity.Conversation.ConversationType,
            TenantId = NullIfEmpty(channelData?.Tenant?.Id) ?? NullIfEmpty(activity.Conversation.TenantId),
            BotId = activity.Recipient?.Id,
            BotName = activity.Recipient?.Name,
            UserId = isPersonal ? activity.From?.Id : null,
            UserAadObjectId = isPersonal ? activity.From?.AadObjectId : null,
            TeamId = NullIfEmpty(channelData?.Team?.Id),
            // A team install carries no channel object: its conversation is the General channel
            // (whose id is the team id); a thread's conversation id ends with ";messageid=...".
            TeamsChannelId = NullIfEmpty(channelData?.Channel?.Id)
                ?? (string.Equals(activity.Conversation.ConversationType, "channel", StringComparison.OrdinalIgnoreCase)
                    ? conversationId.Split(';')[0]
                    : null),
            Locale = activity.Locale,
            LastSeen = timeProvider.GetUtcNow(),
        };
    }

    /// <summary>
    /// A message answering <paramref name="activity"/>: from and recipient swapped, same conversation,
    /// replyToId set, no id (the channel assigns it).
    /// </summary>
    public static Activity CreateReply(this Activity activity, string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = activity.ChannelId,
        ServiceUrl = activity.ServiceUrl,
        From = CopyAccount(activity.Recipient),
        Recipient = CopyAccount(activity.From),
        Conversation = activity.Conversation is null ? null : new ConversationAccount
        {
            Id = activity.Conversation.Id,
            Name = activity.Conversation.Name,
            ConversationType = activity.Conversation.ConversationType,
            TenantId = activity.Conversation.TenantId,
            IsGroup = activity.Conversation.IsGroup,
        },
        ReplyToId = activity.Id,
        Locale = activity.Locale,
        Text = text,
    };

    private static ChannelAccount? CopyAccount(ChannelAccount? account) =>
        account is null ? null : new ChannelAccount { Id = account.Id, Name = account.Name };

    private static bool ContainsRecipient(Activity activity, List<ChannelAccount>? members) =>
        activity.Recipient?.Id is { } recipientId
        && members is not null
        && members.Exists(m => string.Equals(m?.Id, recipientId, StringComparison.Ordinal));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
