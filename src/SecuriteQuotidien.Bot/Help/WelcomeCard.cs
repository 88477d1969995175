using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Bot.Help;

/// <summary>What the personal welcome needs to know of its reader.</summary>
/// <param name="Roles">The reader's roles in the directory (none: unknown).</param>
/// <param name="MainCommands">The reader's main commands, each one they may use, in the order shown.</param>
/// <param name="SectorName">A sector's name by id.</param>
/// <param name="Administrators">Who enrols people (« l'administrateur (Marc Giraud) »).</param>
/// <param name="LocalDemo">The local demo: the card offers « Jouer le rôle de… ».</param>
public sealed record WelcomeReader(
    PersonRoles Roles,
    IReadOnlyList<CommandDefinition> MainCommands,
    Func<string, string> SectorName,
    string Administrators,
    bool LocalDemo = false)
{
    /// <summary>The reader <paramref name="roles"/> describe, with the main commands <paramref name="mayUse"/> lets them type.</summary>
    public static WelcomeReader For(PersonRoles roles, CommandTable commands, Func<CommandDefinition, bool> mayUse, IDirectory directory,
        string administrators, bool localDemo)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(directory);
        var main = WelcomeCard.MainCommandIds(roles)
            .Select(id => commands.Commands.FirstOrDefault(c => c.Id == id))
            .OfType<CommandDefinition>()
            // Typed in this chat: commands of the personal scope, and those listed in no Teams menu (the administrators').
            .Where(c => (c.Scopes.Count == 0 || c.Scopes.Contains(TurnKernel.PersonalScope, StringComparer.Ordinal)) && mayUse(c))
            .ToList();
        return new WelcomeReader(roles, main, id => directory.FindSector(id)?.Name ?? id, administrators, localDemo);
    }
}

/// <summary>The greeting sent when the bot is installed, in a personal chat (by role) or in a team.</summary>
public static class WelcomeCard
{
    public const string Title = "Bienvenue dans Sécurité du Quotidien";

    /// <summary>The order in which each role's main commands are shown (only those the reader may use are).</summary>
    public static readonly IReadOnlyList<string> PartnerCommands = [ActionIds.Commands.Report, ActionIds.Commands.MyReports, ActionIds.Commands.MyActions];
    public static readonly IReadOnlyList<string> PoliceCommands = [ActionIds.Commands.DueSoon, ActionIds.Commands.Overdue, ActionIds.Commands.Status];
    public static readonly IReadOnlyList<string> CommissionerCommands = [ActionIds.Commands.Status, ActionIds.Commands.Overdue, ActionIds.Commands.DueSoon, ActionIds.Commands.Export];
    public static readonly IReadOnlyList<string> AdministratorCommands = [ActionIds.Commands.PersonData, ActionIds.Commands.PersonErase, ActionIds.Commands.AuditExport];

    /// <summary>The commands a welcome of <paramref name="roles"/> puts forward, in order, before filtering by rights.</summary>
    public static IEnumerable<string> MainCommandIds(PersonRoles roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var ids = new List<string>();
        if (roles.IsPartner)
        {
            ids.AddRange(PartnerCommands);
        }
        if (roles.PoliceSectorIds.Any())
        {
            ids.AddRange(PoliceCommands);
        }
        if (roles.IsCommissioner)
        {
            ids.AddRange(CommissionerCommands);
        }
        if (roles.IsAdministrator)
        {
            ids.AddRange(AdministratorCommands);
        }
        return ids.Distinct(StringComparer.Ordinal);
    }

    public static AdaptiveCard Personal(string? displayName, WelcomeReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var roles = reader.Roles;
        var greeting = string.IsNullOrWhiteSpace(displayName) ? "Bonjour !" : $"Bonjour {CardText.Clean(displayName, 80)} !";
        var body = new List<CardElement>
        {
            new TextBlock(Title) { Size = "Large", Weight = "Bolder" },
            new RichTextBlock { Inlines = [new TextRun { Text = greeting }] },
        };
        var actions = new List<CardAction>();
        if (!roles.IsKnown)
        {
            body.Add(new TextBlock("Je ne vous trouve pas dans l'annuaire du dispositif : je ne peux encore rien faire pour vous."));
            body.Add(new TextBlock(HowToEnrol(reader.Administrators)));
        }
        if (roles.IsPartner)
        {
            body.Add(new TextBlock("Partenaires de la police (bailleurs, gardiens, transporteurs, commerces, associations…), signalez ici les problèmes du quotidien de votre secteur. Le policier référent de votre secteur s'engage à y apporter une réponse ciblée dans les 30 jours, et vous tient informé."));
        }
        if (roles.PoliceSectorIds.Any())
        {
            body.Add(new TextBlock(PoliceText(roles, reader.SectorName)));
        }
        if (roles.IsCommissioner)
        {
            body.Add(new TextBlock("Vous suivez les signalements de tout le département : l'état et la tendance des 12 dernières semaines, les signalements en retard ou proches de leur échéance, l'export Excel. Je vous envoie aussi chaque lundi le bilan de la semaine."));
        }
        if (roles.IsAdministrator)
        {
            body.Add(new TextBlock("Vous administrez le dispositif : demandes d'accès et d'effacement des données personnelles, journal d'audit. Dans un canal, « ids » donne les identifiants à reporter dans le fichier du département."));
        }
        if (reader.MainCommands.Count > 0)
        {
            body.Add(new TextBlock(reader.MainCommands.Count == 1 ? "Votre commande principale, à écrire ici :" : "Vos commandes principales, à écrire ici :") { Weight = "Bolder", Spacing = "Medium" });
            body.Add(new FactSet { Facts = reader.MainCommands.Select(c => new Fact(c.Title, c.Description)).ToList() });
        }
        body.Add(new TextBlock("En cas de danger immédiat, appelez le 17 ou le 112.") { IsSubtle = true });
        if (reader.MainCommands.Any(c => c.Id == ActionIds.Commands.Report))
        {
            actions.Add(CardExtensions.Execute("Signaler un problème", ActionIds.Intake.Start, style: "positive"));
        }
        if (roles.IsKnown)
        {
            actions.Add(CardExtensions.Execute("Voir ce que je sais faire", ActionIds.Help.Show));
        }
        if (reader.LocalDemo)
        {
            actions.Add(CardExtensions.Execute(HelpCard.PlayRoleButton, ActionIds.Demo.Roles));
        }
        return new AdaptiveCard { FallbackText = Title, Body = body, Actions = actions.Count == 0 ? null : actions };
    }

    /// <summary>How a person the directory does not know joins the scheme.</summary>
    public static string HowToEnrol(string administrators) =>
        "Pour être inscrit(e) : si vous représentez une structure partenaire (bailleur, gardien, transporteur, commerce, association…), "
        + "demandez au policier référent de votre secteur de l'inviter au Groupe de partenariat opérationnel (GPO) ; si vous êtes policier, "
        + $"demandez-le à votre hiérarchie. L'inscription dans l'annuaire du département est faite par {administrators}.";

    private static string PoliceText(PersonRoles roles, Func<string, string> sectorName)
    {
        static string Names(IEnumerable<string> ids, Func<string, string> name) => string.Join(", ", ids.Select(name));
        var what = roles.ReferentOf.Count > 0 ? $"Vous êtes référent de {Names(roles.ReferentOf, sectorName)}" : "";
        if (roles.DeputyOf.Count > 0)
        {
            what += what.Length == 0 ? $"Vous êtes adjoint de {Names(roles.DeputyOf, sectorName)}" : $" et adjoint de {Names(roles.DeputyOf, sectorName)}";
        }
        return what + ". Les signalements des partenaires de vos secteurs sont publiés dans le canal du secteur, chacun dans son fil, en vous mentionnant : "
            + "sur leur carte, « Prendre en compte » puis « Réponse ciblée » avant l'échéance de 30 jours. Je vous rappelle les échéances dans le fil.";
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
