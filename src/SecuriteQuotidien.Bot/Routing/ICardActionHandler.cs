using System.Text.Json.Nodes;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.Bot.Routing;

/// <summary>
/// Handles a card button (Action.Execute verb, or the same data sent by its Action.Submit fallback).
/// The answer is an invoke response: a card replacing the one clicked, or a short message.
/// </summary>
public interface ICardActionHandler
{
    /// <summary>The verbs this handler answers (Action.Execute verb, or the fallback's "verb" field).</summary>
    IReadOnlyCollection<string> Verbs { get; }

    Task<InvokeResponseBody> HandleAsync(TurnContext turn, BotUser user, string verb, JsonObject data, CancellationToken cancellationToken);
}

/// <summary>Resolves the author of an activity to a person of the directory and their roles.</summary>
public interface IUserResolver
{
    BotUser Resolve(Activity activity);
}
