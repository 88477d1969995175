namespace SecuriteQuotidien.Domain.Departments;

/// <summary>The three kinds of sector of the scheme.</summary>
public enum SectorZone
{
    /// <summary>Hyper-centre.</summary>
    HyperCentre,
    /// <summary>Grands ensembles économiques (business zones).</summary>
    BusinessZones,
    /// <summary>Zones à forte densité de population (dense housing).</summary>
    DenseHousing,
}

public enum PartnerType
{
    Bailleur,
    Concierge,
    Transporteur,
    Cci,
    Association,
    Commerce,
    Autre,
}

/// <summary>A routing unit, owned by a referent and a deputy, bound to a Teams channel.</summary>
public sealed record Sector
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Commune { get; init; }
    public required SectorZone Zone { get; init; }
    /// <summary>Other names users type for it ("briançon centre", "centre-ville de gap").</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required string TeamId { get; init; }
    public required string ChannelId { get; init; }
    public required string ReferentObjectId { get; init; }
    public required string DeputyObjectId { get; init; }
}

/// <summary>A GPO member organisation.</summary>
public sealed record Organisation(string Id, string Name, PartnerType Type);

/// <summary>A person of a partner organisation, allowed to report in some sectors.</summary>
public sealed record Partner
{
    public required string ObjectId { get; init; }
    public required string DisplayName { get; init; }
    public required Organisation Organisation { get; init; }
    public required IReadOnlyList<string> SectorIds { get; init; }
}

/// <summary>A police officer known to the directory (referent, deputy, commissioner, administrator).</summary>
public sealed record StaffMember(string ObjectId, string DisplayName);

public sealed record SubCategory(string Id, string Label);

/// <summary>A kind of problem. Restricted categories carry sensitive information (e.g. drug trafficking).</summary>
public sealed record IssueCategory
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public IReadOnlyList<SubCategory> SubCategories { get; init; } = [];
    public int ResponseDelayDays { get; init; } = Issues.Issue.DefaultResponseDelayDays;
    public bool Restricted { get; init; }
}

/// <summary>A known place of a sector: a building hall, a business zone, a bus stop, a street.</summary>
public sealed record Site
{
    public required string Id { get; init; }
    public required string SectorId { get; init; }
    public required string Name { get; init; }
    /// <summary>French kind label: "hall d'immeuble", "zone d'activités", "arrêt de bus", "rue", "place"...</summary>
    public required string Kind { get; init; }
    public string? Address { get; init; }
}

/// <summary>What one person is, in the directory. A person may hold several roles.</summary>
public sealed record PersonRoles
{
    public Partner? Partner { get; init; }
    public IReadOnlyList<string> ReferentOf { get; init; } = [];
    public IReadOnlyList<string> DeputyOf { get; init; } = [];
    public bool IsCommissioner { get; init; }
    public bool IsAdministrator { get; init; }

    public bool IsPartner => Partner is not null;
    public bool IsPolice => ReferentOf.Count > 0 || DeputyOf.Count > 0 || IsCommissioner || IsAdministrator;
    public bool IsKnown => IsPartner || IsPolice;

    /// <summary>Sectors this person answers for as referent or deputy.</summary>
    public IEnumerable<string> PoliceSectorIds => ReferentOf.Concat(DeputyOf).Distinct(StringComparer.Ordinal);

    /// <summary>Police of <paramref name="sectorId"/>: its referent or deputy, the commissioner, an administrator.</summary>
    public bool IsPoliceOf(string sectorId) =>
        IsCommissioner || IsAdministrator || ReferentOf.Contains(sectorId, StringComparer.Ordinal) || DeputyOf.Contains(sectorId, StringComparer.Ordinal);
}

/// <summary>The whole department as data (loaded from a department file).</summary>
public sealed record Department
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string TenantId { get; init; }
    public required TimeZoneInfo TimeZone { get; init; }
    public required IReadOnlyList<Sector> Sectors { get; init; }
    public required IReadOnlyList<Organisation> Organisations { get; init; }
    public required IReadOnlyList<Partner> Partners { get; init; }
    public required IReadOnlyList<StaffMember> Staff { get; init; }
    public required string CommissionerObjectId { get; init; }
    public required IReadOnlyList<string> AdministratorObjectIds { get; init; }
    public required IReadOnlyList<IssueCategory> Categories { get; init; }
    public required IReadOnlyList<Site> Sites { get; init; }
    /// <summary>Department file sections <c>diagnostics</c> and <c>evaluation</c>; defaults when absent.</summary>
    public Diagnostics.DiagnosticSettings Diagnostics { get; init; } = Domain.Diagnostics.DiagnosticSettings.Default;
}
