using System.Collections.Concurrent;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Bot.Help;

/// <summary>`aide` typed or its button, the welcome when the bot is installed, and the answer to text it does not understand.</summary>
public sealed class HelpFeature(CommandTable commands, PlayedPeople played, IDirectory directory, RefusalWriter refusals, IServiceProvider services)
    : IActionHandler
{
    // The command table is fixed for the life of the process: each scope's card is built once per set of roles.
    private readonly ConcurrentDictionary<(string Scope, Audience Roles), AdaptiveCard> _cards = new();

    public Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = ScopeOf(request);
        // What the reader is, whatever the object: the help and the suggestions list only the commands they may use.
        var roles = AudienceRule.Match(request.User, TargetFacts.Nothing, null);
        var answer = request.Id switch
        {
            KernelEvents.Installed => TurnAnswer.Card(scope == TurnKernel.TeamScope
                ? WelcomeCard.Team()
                : WelcomeCard.Personal(request.User.DisplayName ?? request.Turn.Activity.From?.Name,
                    WelcomeReader.For(request.User.Roles, commands, c => MayUse(c, roles), directory, refusals.Administrators(), played.IsAvailable))),
            KernelEvents.NotUnderstood => TurnAnswer.Text(request.User.IsKnown
                ? NotUnderstood(request.Argument, scope, roles)
                : $"{UnknownPerson} {WelcomeCard.HowToEnrol(refusals.Administrators())}"),
            _ => TurnAnswer.Card(_cards.GetOrAdd((scope, roles), key => HelpCard.Build(commands, key.Scope, c => MayUse(c, key.Roles), played.IsAvailable))),
        };
        return Task.FromResult(answer);
    }

    /// <summary>The action table, resolved when first needed (it is built from every feature's declarations, this one's included).</summary>
    private bool MayUse(CommandDefinition command, Audience roles) =>
        services.GetRequiredService<ActionTable>().FindCommand(command.Id) is { } declared && AudienceRule.Admits(declared.Audience, roles);

    public const string UnknownPerson = "Je ne vous trouve pas dans l'annuaire du dispositif Sécurité du Quotidien : je ne peux encore rien faire pour vous.";

    private string NotUnderstood(string text, string scope, Audience roles)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Bonjour ! Écrivez « aide » pour voir ce que je sais faire.";
        }
        var titles = commands.Commands.Where(c => c.Scopes.Contains(scope) && MayUse(c, roles)).Select(c => $"« {c.Title} »").ToList();
        if (titles.Count == 0)
        {
            return "Je n'ai pas compris votre demande. Écrivez « aide » pour voir ce que je sais faire.";
        }
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
