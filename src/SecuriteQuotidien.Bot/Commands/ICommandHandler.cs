using SecuriteQuotidien.Bot.Routing;
using SecuriteQuotidien.BotFramework.Hosting;

namespace SecuriteQuotidien.Bot.Commands;

/// <summary>Handles one command of the command table, typed by a user (or sent by a card button as text).</summary>
public interface ICommandHandler
{
    /// <summary>The id of the command in commands.json.</summary>
    string CommandId { get; }

    Task HandleAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken);
}
