using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.DemoRoles;

/// <summary>The local demo's cards: « Jouer le rôle de… » and the answer to a switch.</summary>
public static class DemoRolesCards
{
    public const string Title = "Jouer le rôle de…";
    public const string PersonField = "personne";
    public const string StopField = "redevenir";
    public const string PlayButton = "Jouer ce rôle";
    public const string StopButton = "Redevenir moi-même";
    public const string SwitchButton = "Changer de rôle";

    /// <summary>How many open issues of the played officer's sectors the switch answer lists.</summary>
    public const int ListedIssues = 5;

    /// <param name="current">Who the reader is now (their own identity or the person they play).</param>
    /// <param name="playing">True when the reader plays someone other than themselves.</param>
    public static AdaptiveCard Choose(IReadOnlyList<PlayablePerson> people, string currentName, string? currentRole, bool playing) => new()
    {
        FallbackText = Title,
        Body =
        [
            new TextBlock(Title) { Size = "Large", Weight = "Bolder" },
            new TextBlock("Démonstration locale : choisissez la personne que vous jouez. Le bot vous traite alors comme elle (ses droits, ses cartes, ses messages) dans cette conversation et dans les canaux, sans redémarrer."),
            new TextBlock(currentRole is null ? $"Vous êtes : {currentName} (inconnu de l'annuaire)." : $"Vous êtes : {currentName}, {currentRole}.") { IsSubtle = true },
            new ChoiceSetInput
            {
                Id = PersonField,
                Label = "Personne à jouer",
                Style = "compact",
                Placeholder = "Choisissez une personne",
                IsRequired = true,
                ErrorMessage = "Choisissez une personne.",
                Choices = people.Select(p => new Choice($"{p.DisplayName} — {p.Role}", p.ObjectId)).ToList(),
            },
        ],
        Actions = playing
            ? [CardExtensions.Execute(PlayButton, ActionIds.Demo.Play, style: "positive"),
               CardExtensions.Execute(StopButton, ActionIds.Demo.Play, new JsonObject { [StopField] = "oui" }, associatedInputs: "none")]
            : [CardExtensions.Execute(PlayButton, ActionIds.Demo.Play, style: "positive")],
    };

    /// <summary>The answer to a switch: who the reader is now and what that person does first.</summary>
    public static AdaptiveCard Playing(string name, string? role, PersonRoles roles, IReadOnlyList<Issue> openIssues, IDirectory directory)
    {
        var body = new List<CardElement>
        {
            new TextBlock($"Vous jouez maintenant {name}") { Size = "Large", Weight = "Bolder" },
            new TextBlock(role is null ? "Cette personne n'est pas dans l'annuaire du département." : $"{Capitalised(role)}."),
        };
        var actions = new List<CardAction>();
        if (roles.IsPartner)
        {
            body.Add(new TextBlock("Écrivez « signaler » pour signaler un problème, « mes signalements » pour suivre vos signalements et les réponses de la police."));
            actions.Add(CardExtensions.Execute("Signaler un problème", ActionIds.Intake.Start, style: "positive"));
        }
        if (roles.PoliceSectorIds.Any())
        {
            body.Add(CardParts.Heading(openIssues.Count switch
            {
                0 => "Aucun signalement ouvert dans vos secteurs.",
                1 => "Le signalement ouvert de vos secteurs :",
                _ => "Les signalements ouverts de vos secteurs, du plus récent au plus ancien :",
            }));
            foreach (var issue in openIssues)
            {
                body.Add(new TextBlock($"{issue.Number} · {issue.Status.ToFrench()} · {directory.FindCategory(issue.CategoryId)?.Label ?? issue.CategoryId} · {CardLabels.PlaceOf(issue, directory)}") { Spacing = "Small" });
                body.Add(new ActionSet { Actions = [CardExtensions.Execute($"Ouvrir le signalement {issue.Number}", ActionIds.Issue.Refresh, IssueRef.Of(issue).ToData())] });
            }
            body.Add(new TextBlock("Sur la carte d'un signalement : « Prendre en compte », « Réponse ciblée »… Écrivez aussi « échéances » ou « en retard ».") { IsSubtle = true });
        }
        if (roles.IsCommissioner)
        {
            body.Add(new TextBlock("Écrivez « point » pour l'état des signalements du département, « en retard » ou « échéances » pour les listes."));
        }
        if (roles.IsAdministrator)
        {
            body.Add(new TextBlock("Écrivez « aide » pour vos commandes (identifiants des canaux, demandes sur les données personnelles)."));
        }
        actions.Add(CardExtensions.Execute(SwitchButton, ActionIds.Demo.Roles));
        return new AdaptiveCard { FallbackText = $"Vous jouez maintenant {name}", Body = body, Actions = actions };
    }

    /// <summary>The answer to « Redevenir moi-même ».</summary>
    public static AdaptiveCard Stopped() => new()
    {
        FallbackText = "Vous êtes de nouveau vous-même",
        Body =
        [
            new TextBlock("Vous êtes de nouveau vous-même") { Size = "Large", Weight = "Bolder" },
            new TextBlock("Le bot vous traite de nouveau selon votre propre place dans l'annuaire. Écrivez « aide » pour voir ce que vous pouvez faire."),
        ],
        Actions = [CardExtensions.Execute(SwitchButton, ActionIds.Demo.Roles)],
    };

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
