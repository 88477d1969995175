using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;

namespace SecuriteQuotidien.Bot.Help;

/// <summary>The help card: what the bot can do here, generated from the command table.</summary>
public static class HelpCard
{
    /// <param name="mayUse">Whether the reader may use a command (the help lists only those); every command when null.</param>
    /// <param name="localDemo">The local demo: the personal help offers « Jouer le rôle de… ».</param>
    public static AdaptiveCard Build(CommandTable commands, string scope, Func<CommandDefinition, bool>? mayUse = null, bool localDemo = false)
    {
        var actions = new List<CardAction>();
        if (scope == "personal" && Available(commands, scope, mayUse).Any(c => c.Id == ActionIds.Commands.Report))
        {
            actions.Add(CardExtensions.Execute("Signaler un problème", ActionIds.Intake.Start, style: "positive"));
        }
        if (localDemo)
        {
            actions.Add(CardExtensions.Execute(PlayRoleButton, ActionIds.Demo.Roles));
        }
        var listed = Available(commands, scope, mayUse);
        var intro = scope == "team"
            ? "Dans ce canal, mentionnez-moi puis écrivez l'une de ces commandes :"
            : "Écrivez l'une de ces commandes dans notre conversation :";
        return new AdaptiveCard
        {
            FallbackText = "Aide de Sécurité du Quotidien",
            Body =
            [
                new TextBlock("Ce que je sais faire") { Size = "Large", Weight = "Bolder" },
                new TextBlock("Je relie les partenaires du Groupe de partenariat opérationnel (GPO) et la police de leur secteur : chaque problème signalé reçoit une réponse ciblée dans les 30 jours."),
                new TextBlock(intro) { Spacing = "Medium" },
                new FactSet { Facts = listed.Select(c => new Fact(c.Title, c.Description)).ToList() },
                new TextBlock("En cas de danger immédiat, appelez le 17 ou le 112 : ce service ne remplace pas les numéros d'urgence.")
                {
                    Spacing = "Medium",
                    IsSubtle = true,
                },
            ],
            Actions = actions.Count == 0 ? null : actions,
        };
    }

    private static List<CommandDefinition> Available(CommandTable commands, string scope, Func<CommandDefinition, bool>? mayUse) =>
        commands.Commands.Where(c => c.Scopes.Contains(scope, StringComparer.Ordinal) && (mayUse?.Invoke(c) ?? true)).ToList();

    /// <summary>The local demo's button (the demo's own feature answers it).</summary>
    public const string PlayRoleButton = "Jouer le rôle de…";
}
