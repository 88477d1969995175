using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Routing;
using SecuriteQuotidien.BotFramework.Connector;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.Bot.Help;

/// <summary>`aide` typed, or the help button of a card.</summary>
public sealed class HelpFeature(CommandTable commands) : ICommandHandler, ICardActionHandler
{
    public string CommandId => "help";

    public IReadOnlyCollection<string> Verbs { get; } = [HelpCard.Verb];

    public Task HandleAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken) =>
        turn.ReplyAsync(HelpCard.Build(commands, TeamsBotHandler.ScopeOf(turn.Activity)).ToMessage(), cancellationToken);

    public Task<InvokeResponseBody> HandleAsync(TurnContext turn, BotUser user, string verb, JsonObject data, CancellationToken cancellationToken) =>
        Task.FromResult(InvokeResponses.AdaptiveCard(HelpCard.Build(commands, TeamsBotHandler.ScopeOf(turn.Activity)).ToJsonElement()));
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
