using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.Bot.Turns;

/// <summary>
/// What a handler answers; the kernel renders it as the invoke response (a card replacing the clicked one,
/// or a short message), as the update of a card the bot posted (the Action.Submit fallback), or as replies
/// to a typed command.
/// </summary>
public abstract record TurnAnswer
{
    public static TurnAnswer Card(AdaptiveCard card) => new CardAnswer(card);

    public static TurnAnswer Text(string text) => new TextAnswer(text);

    /// <summary>The action was not allowed or not possible: nothing changed, and the message says why.</summary>
    public static TurnAnswer Refusal(string message) => new RefusalAnswer(message);

    /// <summary>Several messages in the conversation (a typed command's replies); the first is the invoke answer.</summary>
    public static TurnAnswer Messages(params Activity[] messages) => new MessagesAnswer(messages);

    /// <summary>Nothing to show (the handler already replied, or the activity needs no answer).</summary>
    public static TurnAnswer None { get; } = new NoAnswer();
}

public sealed record CardAnswer(AdaptiveCard Content) : TurnAnswer;

public sealed record TextAnswer(string Message) : TurnAnswer;

public sealed record RefusalAnswer(string Message) : TurnAnswer;

public sealed record MessagesAnswer(IReadOnlyList<Activity> Replies) : TurnAnswer;

public sealed record NoAnswer : TurnAnswer;
