using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Routing;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Connector;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.Bot.Help;

/// <summary>`aide` typed, or the help button of a card.</summary>
public sealed class HelpFeature(CommandTable commands) : ICommandHandler, ICardActionHandler
{
    // The command table is fixed for the life of the process: each scope's card is built and serialised once.
    private readonly ConcurrentDictionary<string, JsonElement> _cards = new(StringComparer.Ordinal);

    public string CommandId => ActionIds.Commands.Help;

    public IReadOnlyCollection<string> Verbs { get; } = [ActionIds.Help.Show];

    public Task HandleAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken) =>
        turn.ReplyAsync(new Activity
        {
            Type = ActivityTypes.Message,
            Attachments = [new Attachment { ContentType = AdaptiveCard.ContentType, Content = CardFor(turn.Activity) }],
        }, cancellationToken);

    public Task<InvokeResponseBody> HandleAsync(TurnContext turn, BotUser user, string verb, JsonObject data, CancellationToken cancellationToken) =>
        Task.FromResult(InvokeResponses.AdaptiveCard(CardFor(turn.Activity)));

    private JsonElement CardFor(Activity activity) =>
        _cards.GetOrAdd(TeamsBotHandler.ScopeOf(activity), scope => HelpCard.Build(commands, scope).ToJsonElement());
}

public static class HelpExtensions
{
    public static IServiceCollection AddHelp(this IServiceCollection services)
    {
        services.AddSingleton<HelpFeature>();
        services.AddSingleton<ICommandHandler>(sp => sp.GetRequiredService<HelpFeature>());
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<HelpFeature>());
        return services;
    }
}
