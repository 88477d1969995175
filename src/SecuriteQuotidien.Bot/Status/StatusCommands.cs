using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Routing;
using SecuriteQuotidien.BotFramework.Hosting;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// `point`, `en retard`, `échéances` (1:1 chat, or @mention in a police channel). The router matched the
/// first keyword; the parser reads the whole text again ("point Briançon ce mois"), so it gets the turn's
/// text without the bot's mention.
/// </summary>
public sealed class StatusCommand(string commandId, StatusService status) : ICommandHandler
{
    public const string SummaryId = "status";
    public const string OverdueId = "overdue";
    public const string DueSoonId = "dueSoon";

    public string CommandId => commandId;

    public async Task HandleAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        var answer = await status.AnswerAsync(turn.Text, user.Roles, cancellationToken);
        await turn.ReplyAsync(answer, cancellationToken);
    }
}
