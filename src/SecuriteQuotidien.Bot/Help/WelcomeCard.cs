using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;

namespace SecuriteQuotidien.Bot.Help;

/// <summary>The greeting sent when the bot is installed, in a personal chat or in a team.</summary>
public static class WelcomeCard
{
    public static AdaptiveCard Personal(string? displayName)
    {
        var greeting = string.IsNullOrWhiteSpace(displayName) ? "Bonjour !" : $"Bonjour {CardText.Clean(displayName, 80)} !";
        return new AdaptiveCard
        {
            FallbackText = "Bienvenue dans Sécurité du Quotidien",
            Body =
            [
                new TextBlock("Bienvenue dans Sécurité du Quotidien") { Size = "Large", Weight = "Bolder" },
                new RichTextBlock { Inlines = [new TextRun { Text = greeting }] },
                new TextBlock("Partenaires de la police (bailleurs, gardiens, transporteurs, commerces, associations…), signalez ici les problèmes du quotidien de votre secteur. Le policier référent de votre secteur s'engage à y apporter une réponse ciblée dans les 30 jours, et vous tient informé."),
                new TextBlock("En cas de danger immédiat, appelez le 17 ou le 112.") { IsSubtle = true },
            ],
            Actions =
            [
                CardExtensions.Execute("Signaler un problème", ActionIds.Intake.Start, style: "positive"),
                CardExtensions.Execute("Voir ce que je sais faire", ActionIds.Help.Show),
            ],
        };
    }

    public static AdaptiveCard Team() => new()
    {
        FallbackText = "Sécurité du Quotidien est installé dans cette équipe",
        Body =
        [
            new TextBlock("Sécurité du Quotidien est installé") { Size = "Large", Weight = "Bolder" },
            new TextBlock("Je publierai dans les canaux de secteur les signalements des partenaires, chacun dans son propre fil, et j'y rappellerai les échéances de réponse (J+30)."),
            new TextBlock("Mentionnez-moi avec « aide » pour voir les commandes disponibles.") { IsSubtle = true },
        ],
        Actions = [CardExtensions.Execute("Voir ce que je sais faire", ActionIds.Help.Show)],
    };
}
