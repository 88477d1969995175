using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Routing;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>
/// `export` in the personal chat: the download card in reply. With an @mention in a channel: the card goes
/// to the requester's personal chat (through the outbox) and the thread only hears that it was sent, so
/// nobody else in the channel sees the link or any figure.
/// </summary>
public sealed class ExportCommand(ExportService exports, IProactiveSender sender, IConversationReferenceStore references, IDirectory directory)
    : ICommandHandler
{
    public const string Id = "export";

    public string CommandId => Id;

    public async Task HandleAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(user);
        var inChannel = TeamsBotHandler.ScopeOf(turn.Activity) == "team";
        if (inChannel && user.AadObjectId is { } objectId && user.IsKnown
            && await references.FindUserAsync(directory.TenantId, objectId, cancellationToken) is null)
        {
            await turn.ReplyAsync(ExportCards.Text(ExportCards.NoPersonalChat), cancellationToken);
            return;
        }

        var answer = await exports.ExportAsync(argument, user.AadObjectId, user.Roles, cancellationToken);
        if (!inChannel || !answer.IsReady)
        {
            await turn.ReplyAsync(answer.Message, cancellationToken);
            return;
        }
        await sender.SendToUserAsync($"export:{answer.ExportId}", new UserAddress(directory.TenantId, user.AadObjectId!), answer.Message,
            cancellationToken: cancellationToken);
        await turn.ReplyAsync(ExportCards.Text(ExportCards.SentToPersonalChat), cancellationToken);
    }
}
