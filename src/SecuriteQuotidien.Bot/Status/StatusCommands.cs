using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.Domain.Audit;

using SecuriteQuotidien.Bot.Turns;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// `point`, `en retard`, `échéances` (1:1 chat, or @mention in a police channel). The router matched the
/// first keyword; the parser reads the whole text again ("point Briançon ce mois"), so it gets the turn's
/// text without the bot's mention.
/// </summary>
public sealed class StatusCommand(StatusService status, IAuditTrail audit, TimeProvider time) : IActionHandler
{

    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (turn, user, argument, commandId) = (request.Turn, request.User, request.Argument, request.Id);
        var answer = await status.AnswerAsync(turn.Text, user.Roles, cancellationToken);
        if (user.AadObjectId is { } asker && user.IsKnown)
        {
            // The query as typed says what was asked ("point Briançon ce mois"); bounded, it names sectors and periods.
            await audit.RecordAsync(asker, AuditAction.StatusQuery, time.GetUtcNow(), commandId, CardText.Clean(argument, 100), cancellationToken);
        }
        await turn.ReplyAsync(answer, cancellationToken);
        return TurnAnswer.None;
    }
}
