using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Storage.Outbox;

namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>
/// Enqueues proactive messages into the durable outbox and wakes the dispatcher of this process.
/// The conversation and its service URL are resolved here, from the stored references; a channel the
/// bot has no reference for is reached through its team's reference, else <see cref="DeliveryOptions.DefaultServiceUrl"/>
/// (the dispatcher looks again when it sends).
/// </summary>
public sealed partial class ProactiveSender(
    IOutbox outbox,
    IConversationReferenceStore references,
    ChannelReferences channels,
    OutboxSignal signal,
    IOptions<DeliveryOptions> options,
    ILogger<ProactiveSender> logger) : IProactiveSender
{
    public const string NotInstalledReason =
        "No personal conversation reference for this user: the bot was never installed in their personal scope (or not since the references were kept).";

    public async Task<bool> StartThreadAsync(string idempotencyKey, ChannelAddress channel, Activity activity,
        ProactiveSendOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var target = await ChannelTargetAsync(channel, channel.TeamsChannelId, cancellationToken);
        return await EnqueueAsync(idempotencyKey, target, DeliveryMode.NewThread, activityId: null, activity, options, cancellationToken);
    }

    public async Task<bool> SendToUserAsync(string idempotencyKey, UserAddress user, Activity activity,
        ProactiveSendOptions? options = null, CancellationToken cancellationToken = default) =>
        await EnqueueForUserAsync(idempotencyKey, user, DeliveryMode.Send, activityId: null, activity, options, cancellationToken);

    public Task<bool> ReplyInThreadAsync(string idempotencyKey, ChannelAddress channel, string threadConversationId, string rootActivityId,
        Activity activity, ProactiveSendOptions? options = null, CancellationToken cancellationToken = default) =>
        EnqueueInChannelAsync(idempotencyKey, channel, threadConversationId, DeliveryMode.Reply, rootActivityId, activity, options, cancellationToken);

    /// <summary>Each distinct channel's reference is read once; the messages go to the outbox in batches.</summary>
    public async Task<IReadOnlyList<bool>> ReplyInThreadsAsync(IReadOnlyList<ThreadReply> replies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var targets = new Dictionary<ChannelAddress, ConversationReference>();
        var messages = new List<OutboxEnqueue>(replies.Count);
        foreach (var reply in replies)
        {
            ArgumentNullException.ThrowIfNull(reply);
            ArgumentException.ThrowIfNullOrWhiteSpace(reply.ThreadConversationId);
            ArgumentException.ThrowIfNullOrWhiteSpace(reply.RootActivityId);
            if (!targets.TryGetValue(reply.Channel, out var channel))
            {
                channel = await ChannelTargetAsync(reply.Channel, reply.Channel.TeamsChannelId, cancellationToken);
                targets[reply.Channel] = channel;
            }
            var target = channel with { ConversationId = reply.ThreadConversationId };
            messages.Add(new OutboxEnqueue(reply.IdempotencyKey, target,
                Envelope(DeliveryMode.Reply, reply.RootActivityId, reply.Activity, reply.Options, reason: null).ToJson(), reply.Options?.NotBefore));
        }
        var added = await outbox.EnqueueManyAsync(messages, cancellationToken);
        for (var i = 0; i < added.Count; i++)
        {
            if (!added[i])
            {
                LogRepeated(logger, messages[i].Key);
            }
        }
        if (added.Any(a => a))
        {
            signal.Notify();
        }
        return added;
    }

    public Task<bool> UpdateInChannelAsync(string idempotencyKey, ChannelAddress channel, string conversationId, string activityId,
        Activity activity, ProactiveSendOptions? options = null, CancellationToken cancellationToken = default) =>
        EnqueueInChannelAsync(idempotencyKey, channel, conversationId, DeliveryMode.Update, activityId, activity, options, cancellationToken);

    public Task<bool> UpdateInUserChatAsync(string idempotencyKey, UserAddress user, string activityId,
        Activity activity, ProactiveSendOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        return EnqueueForUserAsync(idempotencyKey, user, DeliveryMode.Update, activityId, activity, options, cancellationToken);
    }

    /// <summary>A reply or an update in a conversation of the channel (the channel or one of its threads), to a given activity.</summary>
    private async Task<bool> EnqueueInChannelAsync(string idempotencyKey, ChannelAddress channel, string conversationId, DeliveryMode mode,
        string activityId, Activity activity, ProactiveSendOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        var target = await ChannelTargetAsync(channel, conversationId, cancellationToken);
        return await EnqueueAsync(idempotencyKey, target, mode, activityId, activity, options, cancellationToken);
    }

    private async Task<bool> EnqueueForUserAsync(string idempotencyKey, UserAddress user, DeliveryMode mode, string? activityId,
        Activity activity, ProactiveSendOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var reference = await references.FindUserAsync(user.TenantId, user.AadObjectId, cancellationToken);
        if (reference is not null)
        {
            return await EnqueueAsync(idempotencyKey, reference, mode, activityId, activity, options, cancellationToken);
        }
        // Recorded all the same, so that the failure is visible in the outbox and reported like any other.
        var nowhere = new ConversationReference
        {
            ConversationId = "",
            ServiceUrl = "",
            ConversationType = "personal",
            TenantId = user.TenantId,
            UserAadObjectId = user.AadObjectId,
        };
        LogNotInstalled(logger, idempotencyKey);
        return await EnqueueAsync(idempotencyKey, nowhere, DeliveryMode.Undeliverable, activityId, activity, options, cancellationToken,
            NotInstalledReason);
    }

    /// <summary>A channel conversation (the channel itself, or one of its threads) with the best known service URL.</summary>
    private async Task<ConversationReference> ChannelTargetAsync(ChannelAddress channel, string conversationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel.TenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel.TeamsChannelId);
        var known = await channels.FindAsync(channel.TenantId, channel.TeamsChannelId, channel.TeamId, cancellationToken);
        return new ConversationReference
        {
            ConversationId = conversationId,
            ServiceUrl = known?.ServiceUrl ?? options.Value.DefaultServiceUrl,
            ConversationType = "channel",
            TenantId = channel.TenantId,
            TeamId = channel.TeamId ?? known?.TeamId,
            TeamsChannelId = channel.TeamsChannelId,
            BotId = known?.BotId,
            BotName = known?.BotName,
        };
    }

    private async Task<bool> EnqueueAsync(string idempotencyKey, ConversationReference target, DeliveryMode mode, string? activityId,
        Activity activity, ProactiveSendOptions? options, CancellationToken cancellationToken, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var envelope = Envelope(mode, activityId, activity, options, reason);
        var added = await outbox.EnqueueAsync(idempotencyKey, target, envelope.ToJson(), options?.NotBefore, cancellationToken);
        if (added)
        {
            signal.Notify();
        }
        else
        {
            LogRepeated(logger, idempotencyKey);
        }
        return added;
    }

    private static DeliveryEnvelope Envelope(DeliveryMode mode, string? activityId, Activity activity, ProactiveSendOptions? options, string? reason)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Type ??= ActivityTypes.Message;
        return new DeliveryEnvelope
        {
            Mode = mode,
            ActivityId = activityId,
            Activity = activity,
            Purpose = options?.OnSent?.Name,
            PurposeData = options?.OnSent?.Data,
            FailureAlert = options?.FailureAlert,
            Reason = reason,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxKey}: the user has no personal conversation with the bot; recorded as undeliverable")]
    private static partial void LogNotInstalled(ILogger logger, string outboxKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox message {OutboxKey} already enqueued: nothing added")]
    private static partial void LogRepeated(ILogger logger, string outboxKey);
}
