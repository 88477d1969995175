using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>One inbound activity and the means to answer in its conversation.</summary>
public sealed class TurnContext
{
    private readonly ReplySender _sender;

    internal TurnContext(Activity activity, ReplySender sender)
    {
        Activity = activity;
        _sender = sender;
        Text = activity.RemoveRecipientMention() ?? "";
    }

    public Activity Activity { get; }

    /// <summary>The activity's text with the bot's own @mention removed and trimmed.</summary>
    public string Text { get; }

    public string? TenantId => Activity.GetTenantId();

    /// <summary>
    /// Sends a reply in the activity's conversation (threaded under it in a channel). A transient
    /// connector failure is retried later in the background; a permanent one is logged and dropped.
    /// Returns the new activity id when the first attempt succeeded.
    /// </summary>
    public Task<string?> ReplyAsync(Activity reply, CancellationToken cancellationToken) =>
        _sender.ReplyAsync(Activity, reply, cancellationToken);
}
