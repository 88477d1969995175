namespace SecuriteQuotidien.BotFramework.State;

/// <summary>
/// Remembers the messages the bot itself posted, by conversation, so that a client-named message id (the
/// <c>replyToId</c> of an Action.Submit) is updated only when the bot posted it in that very conversation.
/// </summary>
public interface IPostedActivityStore
{
    Task RecordAsync(string conversationId, string activityId, CancellationToken cancellationToken);

    Task<bool> WasPostedAsync(string conversationId, string activityId, CancellationToken cancellationToken);
}
