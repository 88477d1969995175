using System.Text.Json;

namespace SecuriteQuotidien.Testing.Playground;

/// <summary>
/// One frame of the playground's conversation WebSocket: what the bot did, as the Teams client
/// would render it. The playground does not forward the bot's activity verbatim; it sends
/// <c>{"action":"createMessage"|"updateMessage"|"typing","actionConversationId":...,"message":{...}}</c>
/// where message holds messageId, timestamp, from.id, text, textFormat, attachments
/// [{contentType, content}], attachmentLayout, mentions, suggestedActions and, for the first
/// message of a new channel thread, postConversationId.
/// </summary>
public sealed record PlaygroundEvent(JsonElement Json)
{
    public const string CreateMessage = "createMessage";
    public const string UpdateMessage = "updateMessage";
    public const string Typing = "typing";

    public string Action => Json.GetProperty("action").GetString() ?? "";

    /// <summary>
    /// The conversation the frame belongs to: the personal chat id; for a bot post that opens a
    /// channel thread, the channel id; for a reply inside a thread, the thread's conversation id
    /// (<c>{channelId};messageid={rootMessageId}</c>).
    /// </summary>
    public string ConversationId => Json.GetProperty("actionConversationId").GetString() ?? "";

    public JsonElement Message => Json.TryGetProperty("message", out var message) ? message : default;

    /// <summary>The playground's id of the message (epoch milliseconds as text): the replyToId of an invoke.</summary>
    public string? MessageId => StringOf("messageId");

    public string? Text => StringOf("text");

    /// <summary>The thread a bot post opened in a channel (<c>{channelId};messageid={MessageId}</c>), else null.</summary>
    public string? PostConversationId => StringOf("postConversationId");

    /// <summary>Where to invoke or reply for this message: the thread it opened or lives in, or the chat.</summary>
    public string ThreadConversationId => PostConversationId ?? ConversationId;

    public string? FromId => Message.ValueKind == JsonValueKind.Object && Message.TryGetProperty("from", out var from)
        ? from.GetProperty("id").GetString()
        : null;

    /// <summary>The message's attachments ([{contentType, content}]), empty when none.</summary>
    public IReadOnlyList<JsonElement> Attachments =>
        Message.ValueKind == JsonValueKind.Object && Message.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array
            ? [.. attachments.EnumerateArray()]
            : [];

    public bool IsMessage => Action is CreateMessage or UpdateMessage;

    private string? StringOf(string property) =>
        Message.ValueKind == JsonValueKind.Object && Message.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public override string ToString() => Json.GetRawText();
}
