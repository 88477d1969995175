using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Departments;

using SecuriteQuotidien.Bot.Turns;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>
/// Where a download card goes: in a personal chat, in reply; asked from a channel, to the requester's personal
/// chat through the outbox, so that nobody else in the channel sees the link.
/// </summary>
public sealed class ExportDelivery(IProactiveSender sender, IConversationReferenceStore references, IDirectory directory) : IExportDelivery
{
    public static bool IsChannel(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        // Where the replies go: the kernel may already answer a channel's command in the personal chat.
        return turn.ReplyConversationType == "channel";
    }

    public async Task<bool> CanDeliverAsync(TurnContext turn, BotUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !IsChannel(turn) || user.AadObjectId is not { } objectId || !user.IsKnown
            || await references.FindUserAsync(directory.TenantId, objectId, cancellationToken) is not null;
    }

    public async Task<bool> DeliverAsync(TurnContext turn, BotUser user, ExportAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(answer);
        if (!IsChannel(turn))
        {
            await turn.ReplyAsync(answer.Message, cancellationToken);
            return false;
        }
        await sender.SendToUserAsync(OutboxKeys.Export(answer.ExportId), new UserAddress(directory.TenantId, user.AadObjectId!), answer.Message,
            cancellationToken: cancellationToken);
        return true;
    }
}
