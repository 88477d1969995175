using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>What a person may see of a status request: the effective query, or a refusal; both in French.</summary>
public sealed record StatusAccessDecision
{
    private StatusAccessDecision(StatusQuery? query, string? note, string? refusal)
    {
        Query = query;
        Note = note;
        Refusal = refusal;
    }

    /// <summary>The query to answer; null when refused.</summary>
    public StatusQuery? Query { get; }

    /// <summary>A French note to show with the answer when the scope was changed (e.g. "vos secteurs").</summary>
    public string? Note { get; }

    /// <summary>The French reason of a refusal.</summary>
    public string? Refusal { get; }

    public bool IsAllowed => Query is not null;

    public static StatusAccessDecision Allow(StatusQuery query, string? note = null) =>
        new(query ?? throw new ArgumentNullException(nameof(query)), note, null);

    public static StatusAccessDecision Refuse(string reason) =>
        new(null, null, reason ?? throw new ArgumentNullException(nameof(reason)));
}

/// <summary>
/// Who sees which figures:
/// <list type="bullet">
/// <item>the commissioner and administrators: what they ask, the whole department by default;</item>
/// <item>referents and deputies: their own sectors when they name no place; any sector, commune or the
/// department when they name it (they are police, and comparing sectors is part of their job);</item>
/// <item>partners (who are not also police): only the issues they reported themselves, whatever they ask
/// (the sector and category they name narrow their own issues further), with a note saying so;</item>
/// <item>anyone the directory does not know: refused.</item>
/// </list>
/// </summary>
public static class StatusScopePolicy
{
    public const string PartnerNote = "Vous voyez uniquement les signalements que vous avez vous-même déposés.";

    public const string ReferentNote =
        "Périmètre : vos secteurs. Pour un autre secteur ou tout le département, précisez-le (« point Gap », « point département »).";

    public const string UnknownRefusal =
        "Vous n'êtes pas enregistré(e) dans l'annuaire du département : demandez à un administrateur de vous y ajouter.";

    public static StatusAccessDecision Restrict(StatusQuery query, PersonRoles roles)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(roles);

        if (roles.IsCommissioner || roles.IsAdministrator)
        {
            return StatusAccessDecision.Allow(query);
        }
        if (roles.IsPolice)
        {
            if (query.Scope.PlaceGiven)
            {
                return StatusAccessDecision.Allow(query);
            }
            var own = query.Scope with { SectorIds = [.. roles.PoliceSectorIds], Communes = [] };
            return StatusAccessDecision.Allow(query with { Scope = own }, ReferentNote);
        }
        if (roles.Partner is { } partner)
        {
            var ownIssues = new StatusScope
            {
                ReporterObjectId = partner.ObjectId,
                SectorIds = query.Scope.SectorIds,
                CategoryIds = query.Scope.CategoryIds,
            };
            return StatusAccessDecision.Allow(query with { Scope = ownIssues }, PartnerNote);
        }
        return StatusAccessDecision.Refuse(UnknownRefusal);
    }
}
