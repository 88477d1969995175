using System.Collections.Concurrent;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;

namespace SecuriteQuotidien.Bot.Help;

/// <summary>`aide` typed or its button, the welcome when the bot is installed, and the answer to text it does not understand.</summary>
public sealed class HelpFeature(CommandTable commands) : IActionHandler
{
    // The command table is fixed for the life of the process: each scope's card is built once.
    private readonly ConcurrentDictionary<string, AdaptiveCard> _cards = new(StringComparer.Ordinal);

    public Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = ScopeOf(request);
        var answer = request.Id switch
        {
            KernelEvents.Installed => TurnAnswer.Card(scope == TurnKernel.TeamScope
                ? WelcomeCard.Team()
                : WelcomeCard.Personal(request.User.DisplayName ?? request.Turn.Activity.From?.Name)),
            KernelEvents.NotUnderstood => TurnAnswer.Text(NotUnderstood(request.Argument, scope)),
            _ => TurnAnswer.Card(_cards.GetOrAdd(scope, s => HelpCard.Build(commands, s))),
        };
        return Task.FromResult(answer);
    }

    private string NotUnderstood(string text, string scope)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Bonjour ! Écrivez « aide » pour voir ce que je sais faire.";
        }
        var titles = commands.Commands.Where(c => c.Scopes.Contains(scope)).Select(c => $"« {c.Title} »");
        return $"Je n'ai pas compris votre demande. Essayez : {string.Join(", ", titles)}.";
    }

    private static string ScopeOf(ActionRequest request) => TurnKernel.ScopeOf(request.Turn.Activity);
}

public static class HelpExtensions
{
    public static IServiceCollection AddHelp(this IServiceCollection services)
    {
        services.AddSingleton<HelpFeature>();
        return services.AddActions<HelpFeature>(
            ActionDeclaration.Command<HelpFeature>(ActionIds.Commands.Help, Audience.Anyone, "afficher l'aide") with { AnswerInPlace = true },
            ActionDeclaration.Verb<HelpFeature>(ActionIds.Help.Show, Audience.Anyone, TargetKind.None, "afficher l'aide"),
            ActionDeclaration.Event<HelpFeature>(KernelEvents.Installed, "accueillir"),
            ActionDeclaration.Event<HelpFeature>(KernelEvents.NotUnderstood, "répondre à un message libre"));
    }
}
