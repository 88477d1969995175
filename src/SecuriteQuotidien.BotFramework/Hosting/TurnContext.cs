using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>One inbound activity and the means to answer in its conversation.</summary>
public sealed class TurnContext
{
    private readonly ReplySender _sender;

    /// <summary>Where replies go: the activity itself (threaded under it), or another conversation.</summary>
    private readonly Activity _replyTarget;

    internal TurnContext(Activity activity, ReplySender sender)
        : this(activity, sender, activity)
    {
    }

    private TurnContext(Activity activity, ReplySender sender, Activity replyTarget)
    {
        Activity = activity;
        _sender = sender;
        _replyTarget = replyTarget;
        Text = activity.RemoveRecipientMention() ?? "";
    }

    /// <summary>
    /// The same turn, whose replies go to another conversation the bot knows (as new messages, not threaded):
    /// e.g. the caller's personal chat when the activity came from a conversation others read.
    /// </summary>
    public TurnContext WithRepliesTo(ConversationReference conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var target = new Activity
        {
            Type = ActivityTypes.Message,
            ServiceUrl = conversation.ServiceUrl,
            ChannelId = conversation.ChannelId,
            Conversation = new ConversationAccount { Id = conversation.ConversationId, ConversationType = conversation.ConversationType },
            From = Activity.From,
            Recipient = Activity.Recipient,
        };
        return new TurnContext(Activity, _sender, target);
    }

    public Activity Activity { get; }

    /// <summary>The activity's text with the bot's own @mention removed and trimmed.</summary>
    public string Text { get; }

    public string? TenantId => Activity.GetTenantId();

    /// <summary>The type of the conversation replies go to (personal, groupChat or channel).</summary>
    public string? ReplyConversationType => _replyTarget.Conversation?.ConversationType;

    /// <summary>
    /// Sends a reply in the activity's conversation (threaded under it in a channel). A transient
    /// connector failure is retried later in the background; a permanent one is logged and dropped.
    /// Returns the new activity id when the first attempt succeeded.
    /// </summary>
    public Task<string?> ReplyAsync(Activity reply, CancellationToken cancellationToken) =>
        _sender.ReplyAsync(_replyTarget, reply, cancellationToken);
}
