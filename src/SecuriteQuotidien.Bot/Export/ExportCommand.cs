using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Hosting;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>
/// `export` in the personal chat: the download card in reply. With an @mention in a channel: the card goes
/// to the requester's personal chat (through the outbox) and the thread only hears that it was sent, so
/// nobody else in the channel sees the link or any figure.
/// </summary>
public sealed class ExportCommand(ExportService exports, ExportDelivery delivery) : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
        return TurnAnswer.None;
    }

    private async Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(user);
        if (!await delivery.CanDeliverAsync(turn, user, cancellationToken))
        {
            await turn.ReplyAsync(ExportMessages.Text(ExportMessages.NoPersonalChat), cancellationToken);
            return;
        }

        var answer = await exports.ExportAsync(argument, user.AadObjectId, user.Roles, cancellationToken);
        if (!answer.IsReady)
        {
            await turn.ReplyAsync(answer.Message, cancellationToken);
            return;
        }
        if (await delivery.DeliverAsync(turn, user, answer, cancellationToken))
        {
            await turn.ReplyAsync(ExportMessages.Text(ExportMessages.SentToPersonalChat), cancellationToken);
        }
    }
}
