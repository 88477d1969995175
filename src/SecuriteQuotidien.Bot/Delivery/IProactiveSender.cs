using System.Text.Json;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>A Teams channel: the tenant, the channel id (19:...) and, when known, its team id (for the service URL).</summary>
public sealed record ChannelAddress(string TenantId, string TeamsChannelId, string? TeamId = null)
{
    /// <summary>The channel of a sector of the department.</summary>
    public static ChannelAddress Of(IDirectory directory, Sector sector)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(sector);
        return new ChannelAddress(directory.TenantId, sector.ChannelId, sector.TeamId);
    }
}

/// <summary>A user's personal chat with the bot, found by tenant and Entra object id.</summary>
public sealed record UserAddress(string TenantId, string AadObjectId);

/// <summary>
/// What happens after a successful send: the handler named <see cref="Name"/>
/// (an <see cref="IOutboxPurposeHandler"/>) is called with <see cref="Data"/>.
/// </summary>
public sealed record OutboxPurpose(string Name, JsonElement Data);

/// <summary>One reply for <see cref="IProactiveSender.ReplyInThreadsAsync"/>: the arguments of <see cref="IProactiveSender.ReplyInThreadAsync"/>.</summary>
public sealed record ThreadReply(string IdempotencyKey, ChannelAddress Channel, string ThreadConversationId, string RootActivityId,
    Activity Activity, ProactiveSendOptions? Options = null);

/// <summary>Optional settings of one proactive message.</summary>
public sealed record ProactiveSendOptions
{
    /// <summary>Not sent before this instant.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Called once the message is sent (e.g. the issue card's purpose that stores the new thread on the issue).</summary>
    public OutboxPurpose? OnSent { get; init; }

    /// <summary>
    /// French text sent to each administrator of the department when this message fails for good
    /// (bot removed from the team, chat deleted, user never installed the bot...). No text, no alert.
    /// </summary>
    public string? FailureAlert { get; init; }
}

/// <summary>
/// Proactive messages through the durable outbox: each call only records the message (it returns
/// once the message is durably stored) and the <see cref="OutboxDispatcher"/> sends it. The
/// idempotency key, chosen by the caller, names the message for good: "root:05-2026-0042",
/// "reminder:05-2026-0042:J15", "card:05-2026-0042:v3"... A key already used makes the call a no-op
/// returning false, so a retried handler never doubles a message. For updates, put in the key what
/// identifies the new content (a version or an event id), otherwise a second update would be dropped.
/// </summary>
public interface IProactiveSender
{
    /// <summary>A new thread in a channel (<c>POST v3/conversations</c>): the activity becomes the root post.</summary>
    Task<bool> StartThreadAsync(string idempotencyKey, ChannelAddress channel, Activity activity,
        ProactiveSendOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A message in the user's personal chat. When the user never installed the bot (no stored
    /// reference) the message is recorded failed-permanent with the reason; no exception.
    /// </summary>
    Task<bool> SendToUserAsync(string idempotencyKey, UserAddress user, Activity activity,
        ProactiveSendOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A reply in an existing channel thread (<c>POST v3/conversations/{thread}/activities/{root}</c>).
    /// <paramref name="threadConversationId"/> is <c>&lt;channel&gt;;messageid=&lt;root&gt;</c>.
    /// </summary>
    Task<bool> ReplyInThreadAsync(string idempotencyKey, ChannelAddress channel, string threadConversationId, string rootActivityId,
        Activity activity, ProactiveSendOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="ReplyInThreadAsync"/> for each reply, in order; returns, for each, whether it was added.
    /// Implementations may resolve each channel once and store several messages per round trip (the reminder sweep).
    /// </summary>
    async Task<IReadOnlyList<bool>> ReplyInThreadsAsync(IReadOnlyList<ThreadReply> replies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var added = new bool[replies.Count];
        for (var i = 0; i < replies.Count; i++)
        {
            var r = replies[i];
            added[i] = await ReplyInThreadAsync(r.IdempotencyKey, r.Channel, r.ThreadConversationId, r.RootActivityId, r.Activity, r.Options, cancellationToken);
        }
        return added;
    }

    /// <summary>Replaces a message the bot posted in a channel or a thread (<c>PUT</c>, a card updated in place).</summary>
    Task<bool> UpdateInChannelAsync(string idempotencyKey, ChannelAddress channel, string conversationId, string activityId,
        Activity activity, ProactiveSendOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces a message the bot posted in a user's personal chat (<c>PUT</c>).</summary>
    Task<bool> UpdateInUserChatAsync(string idempotencyKey, UserAddress user, string activityId,
        Activity activity, ProactiveSendOptions? options = null, CancellationToken cancellationToken = default);
}
