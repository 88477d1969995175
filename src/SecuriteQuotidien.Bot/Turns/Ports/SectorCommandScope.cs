using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;

using SecuriteQuotidien.Bot.Turns;

namespace SecuriteQuotidien.Bot.Turns.Ports;

/// <summary>
/// The sector of a police command: the sector of the channel it was typed in, or, in a personal chat, the only
/// sector the officer answers for. Implemented by the Diagnostics feature.
/// </summary>
public interface ISectorCommandScope
{
    /// <summary>The sector, or the French reason why there is none (<paramref name="command"/> is the command as typed).</summary>
    (Sector? Sector, string? Refusal) Resolve(TurnContext turn, BotUser user, string command);
}

public static class SectorCommandScopeExtensions
{
    /// <summary>Answers a police command of one sector with the card of <paramref name="cardOf"/>, or explains why not.</summary>
    public static async Task ReplyForSectorAsync(this ISectorCommandScope scope, TurnContext turn, BotUser user, string command,
        Func<Sector, CancellationToken, Task<AdaptiveCard>> cardOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(cardOf);
        var (sector, refusal) = scope.Resolve(turn, user, command);
        if (sector is null)
        {
            await turn.ReplyAsync(new Activity { Type = ActivityTypes.Message, Text = refusal }, cancellationToken);
            return;
        }
        var card = await cardOf(sector, cancellationToken);
        await turn.ReplyAsync(card.ToMessage(summary: card.FallbackText), cancellationToken);
    }
}
