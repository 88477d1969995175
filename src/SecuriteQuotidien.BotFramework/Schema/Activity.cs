using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecuriteQuotidien.BotFramework.Schema;

/// <summary>Well-known activity types of the Bot Framework schema.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string MessageReaction = "messageReaction";
    public const string Typing = "typing";
    public const string Event = "event";
}

/// <summary>
/// A Bot Framework activity. Fields the bot does not model are kept in <see cref="ExtensionData"/>
/// so that a round-trip does not drop what Teams adds.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? Text { get; set; }
    public string? Summary { get; set; }
    public string? Locale { get; set; }
    public string? ReplyToId { get; set; }
    public string? Name { get; set; }
    public string? Action { get; set; }
    public string? AttachmentLayout { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<Entity>? Entities { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public JsonElement? Value { get; set; }
    public JsonElement? ChannelData { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
    public bool? IsGroup { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonElement? Content { get; set; }
    public string? Name { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An entity of an activity (mention, clientInfo...). Mention fields are modelled; the rest is kept.</summary>
public sealed class Entity
{
    public string? Type { get; set; }
    public ChannelAccount? Mentioned { get; set; }
    public string? Text { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>What the connector answers to a send, reply or update.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

/// <summary>Body of <c>POST v3/conversations</c>.</summary>
public sealed class ConversationParameters
{
    public bool? IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public List<ChannelAccount>? Members { get; set; }
    public string? TopicName { get; set; }
    public string? TenantId { get; set; }
    public Activity? Activity { get; set; }
    public JsonElement? ChannelData { get; set; }

    /// <summary>
    /// A 1:1 chat between the bot and a user (bot-protocol §3.1): one member, the tenant, optional
    /// bot id and first activity. Idempotent on Teams: the same user always gives the same conversation.
    /// </summary>
    public static ConversationParameters ForPersonalChat(string userId, string tenantId, string? botId = null, Activity? activity = null) => new()
    {
        IsGroup = false,
        Bot = botId is null ? null : new ChannelAccount { Id = botId },
        Members = [new ChannelAccount { Id = userId }],
        TenantId = tenantId,
        Activity = activity,
        ChannelData = TenantChannelData(tenantId, teamsChannelId: null),
    };

    /// <summary>A new thread in a Teams channel (bot-protocol §3.1): the activity becomes the root post.</summary>
    public static ConversationParameters ForChannelThread(string teamsChannelId, string tenantId, Activity activity) => new()
    {
        IsGroup = true,
        TenantId = tenantId,
        Activity = activity,
        ChannelData = TenantChannelData(tenantId, teamsChannelId),
    };

    private static JsonElement TenantChannelData(string tenantId, string? teamsChannelId) =>
        JsonSerializer.SerializeToElement(
            new TeamsChannelData
            {
                Tenant = new TeamsResourceInfo { Id = tenantId },
                Channel = teamsChannelId is null ? null : new TeamsResourceInfo { Id = teamsChannelId },
            },
            BotJsonContext.Default.TeamsChannelData);
}

/// <summary>Answer of <c>POST v3/conversations</c>.</summary>
public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }
    public string? ActivityId { get; set; }
    public string? ServiceUrl { get; set; }
}

/// <summary>Member as answered by <c>GET v3/conversations/{id}/members/{userId}</c>.</summary>
public sealed class TeamsChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    /// <summary>Some Teams samples name it objectId instead of aadObjectId.</summary>
    public string? ObjectId { get; set; }
    public string? GivenName { get; set; }
    public string? Surname { get; set; }
    public string? Email { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? TenantId { get; set; }
    public string? UserRole { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Body of an invoke response (Universal Actions): <c>{statusCode, type, value}</c>.</summary>
public sealed class InvokeResponseBody
{
    public int StatusCode { get; set; } = 200;
    public string? Type { get; set; }
    public JsonElement? Value { get; set; }
}

public static class InvokeResponseTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string Message = "application/vnd.microsoft.activity.message";
    public const string Error = "application/vnd.microsoft.error";
}
