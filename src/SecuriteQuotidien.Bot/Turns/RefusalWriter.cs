using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Bot.Turns;

/// <summary>
/// The French answer to a refused action: who may do it instead, by name where the directory knows them,
/// and that nothing changed.
/// </summary>
public sealed class RefusalWriter(IDirectory directory)
{
    public const string OtherTenant =
        "Ce service est réservé aux forces de l'ordre et à leurs partenaires des départements qui l'ont mis en place. "
        + "Votre organisation n'y est pas rattachée : rapprochez-vous du référent police de votre secteur pour rejoindre le Groupe de partenariat opérationnel (GPO).";

    public const string NothingChanged = "Rien n'a été modifié.";

    public string Refusal(ActionDeclaration action, BotUser user, TargetFacts target)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(target);
        var who = WhoMay(action.Audience, target);
        var rule = who.Count switch
        {
            0 => $"Personne ne peut {action.Description} ici.",
            1 => $"{Only(who[0])} {who[0].Name} {(who[0].Plural ? "peuvent" : "peut")} {action.Description}.",
            _ => $"Seuls {string.Join(", ", who.Take(who.Count - 1).Select(w => w.Name))} et {who[^1].Name} peuvent {action.Description}.",
        };
        var prefix = user.IsKnown
            ? ""
            : $"Vous n'êtes pas encore inscrit(e) dans le dispositif Sécurité du Quotidien ; pour le rejoindre, adressez-vous à {Administrators()}. ";
        return $"{prefix}{rule} {NothingChanged}";
    }

    private static string Only(Who who) => who.Feminine ? "Seule" : who.Plural ? "Seuls" : "Seul";

    private List<Who> WhoMay(Audience audience, TargetFacts target)
    {
        var who = new List<Who>();
        if (audience.HasFlag(Audience.Owner))
        {
            who.Add(target.OwnerOrganisationId is not null
                ? new Who("l'organisation à qui l'action est confiée", Feminine: true)
                : new Who("la personne qui l'a signalé", Feminine: true));
        }
        if (audience.HasFlag(Audience.SectorPartner) && !audience.HasFlag(Audience.Partner))
        {
            who.Add(target.SectorId is { } partnerSector && directory.FindSector(partnerSector) is { } gpo
                ? new Who($"les partenaires du GPO du secteur {gpo.Name}", Plural: true)
                : new Who("les partenaires du GPO de ce secteur", Plural: true));
        }
        if (audience.HasFlag(Audience.Partner))
        {
            who.Add(new Who("les partenaires du GPO", Plural: true));
        }
        if (audience.HasFlag(Audience.SectorPolice))
        {
            who.Add(target.SectorId is { } sectorId && directory.FindSector(sectorId) is { } sector
                ? new Who($"le référent du secteur {sector.Name} ({NameOf(sector.ReferentObjectId)}) et son adjoint ({NameOf(sector.DeputyObjectId)})", Plural: true)
                : new Who("les référents des secteurs et leurs adjoints", Plural: true));
        }
        if (audience.HasFlag(Audience.Commissioner))
        {
            who.Add(new Who($"le commissaire ({NameOf(directory.CommissionerObjectId)})"));
        }
        if (audience.HasFlag(Audience.Administrator))
        {
            who.Add(new Who(Administrators(), Plural: directory.AdministratorObjectIds.Count > 1));
        }
        return who;
    }

    /// <summary>Who enrols people and answers rights requests, by name: « l'administrateur (Marc Giraud) ».</summary>
    public string Administrators() => directory.AdministratorObjectIds.Count switch
    {
        0 => "l'administrateur du dispositif",
        1 => $"l'administrateur ({NameOf(directory.AdministratorObjectIds[0])})",
        _ => $"les administrateurs ({string.Join(", ", directory.AdministratorObjectIds.Select(NameOf))})",
    };

    private string NameOf(string objectId) =>
        directory.FindStaff(objectId)?.DisplayName ?? directory.FindPartner(objectId)?.DisplayName ?? "nom inconnu";

    private sealed record Who(string Name, bool Feminine = false, bool Plural = false);
}
