using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>What a status request asks for.</summary>
public enum StatusQueryKind
{
    /// <summary>"point", "statut", "bilan", "état": the status card (indicators).</summary>
    Summary,
    /// <summary>"en retard": open issues past their deadline without a targeted response, oldest first.</summary>
    Overdue,
    /// <summary>"échéances": open issues without a targeted response due within the next 7 days.</summary>
    DueSoon,
}

/// <summary>
/// Which issues a status request covers. Every filter narrows: an empty list means "no filter".
/// The whole department is the scope with no filter at all.
/// </summary>
public sealed record StatusScope
{
    /// <summary>The whole department, no filter.</summary>
    public static StatusScope Department { get; } = new();

    /// <summary>Sector ids the issues must belong to; empty for every sector.</summary>
    public IReadOnlyList<string> SectorIds { get; init; } = [];

    /// <summary>The commune(s) asked, when the sectors are exactly those of whole communes ("point Gap"); for labels.</summary>
    public IReadOnlyList<string> Communes { get; init; } = [];

    /// <summary>Category ids the issues must have; empty for every category.</summary>
    public IReadOnlyList<string> CategoryIds { get; init; } = [];

    /// <summary>Set for a partner: only the issues this person reported.</summary>
    public string? ReporterObjectId { get; init; }

    /// <summary>Whether the text named the department explicitly ("point département", "tout").</summary>
    public bool DepartmentRequested { get; init; }

    /// <summary>Whether the text named a place (sector, commune, zone or the department).</summary>
    public bool PlaceGiven => SectorIds.Count > 0 || DepartmentRequested;

    /// <summary>French label of the scope: "tout le département", "Gap", "Gap – hyper-centre · Incivilités", "vos signalements".</summary>
    public string Describe(IDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string place;
        if (ReporterObjectId is not null)
        {
            place = "vos signalements";
        }
        else if (Communes.Count > 0)
        {
            place = string.Join(", ", Communes);
        }
        else if (SectorIds.Count > 0)
        {
            place = string.Join(", ", SectorIds.Select(id => directory.FindSector(id)?.Name ?? id));
        }
        else
        {
            place = $"tout le département ({directory.DepartmentName})";
        }

        if (CategoryIds.Count == 0)
        {
            return place;
        }
        var categories = string.Join(", ", CategoryIds.Select(id => directory.FindCategory(id)?.Label ?? id));
        return $"{place} · {categories}";
    }
}

/// <summary>A period of Paris calendar dates, both ends included, with its French label.</summary>
public sealed record StatusPeriod(DateOnly From, DateOnly To, string Label)
{
    public bool Contains(DateOnly date) => From <= date && date <= To;
}

/// <summary>A parsed status request.</summary>
/// <param name="Period">Null: no period (all time) — the default of <see cref="StatusQueryKind.Overdue"/> and <see cref="StatusQueryKind.DueSoon"/>.</param>
public sealed record StatusQuery(StatusQueryKind Kind, StatusScope Scope, StatusPeriod? Period);

/// <summary>A request the parser did not understand: a French message and 2–4 French requests to try.</summary>
public sealed record StatusParseFailure(string Message, IReadOnlyList<string> Suggestions);

/// <summary>Either a <see cref="StatusQuery"/> or a <see cref="StatusParseFailure"/>.</summary>
public sealed record StatusParseResult
{
    private StatusParseResult(StatusQuery? query, StatusParseFailure? failure)
    {
        Query = query;
        Failure = failure;
    }

    public StatusQuery? Query { get; }
    public StatusParseFailure? Failure { get; }
    public bool IsSuccess => Query is not null;

    public static StatusParseResult Success(StatusQuery query) => new(query ?? throw new ArgumentNullException(nameof(query)), null);
    public static StatusParseResult Failed(StatusParseFailure failure) => new(null, failure ?? throw new ArgumentNullException(nameof(failure)));
}
