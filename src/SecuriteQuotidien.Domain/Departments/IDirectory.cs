namespace SecuriteQuotidien.Domain.Departments;

/// <summary>Who and what the department knows: sectors, people and their roles, categories, sites.</summary>
public interface IDirectory
{
    string TenantId { get; }
    string DepartmentCode { get; }
    string DepartmentName { get; }
    TimeZoneInfo TimeZone { get; }

    IReadOnlyList<Sector> Sectors { get; }
    Sector? FindSector(string sectorId);

    IReadOnlyList<IssueCategory> Categories { get; }
    IssueCategory? FindCategory(string categoryId);

    IReadOnlyList<Site> SitesOf(string sectorId);
    Site? FindSite(string siteId);

    Partner? FindPartner(string objectId);
    StaffMember? FindStaff(string objectId);
    PersonRoles RolesOf(string objectId);

    /// <summary>Every partner of the department, in directory order.</summary>
    IReadOnlyList<Partner> Partners { get; }

    /// <summary>The departmental commissioner (weekly digest recipient).</summary>
    string CommissionerObjectId { get; }

    /// <summary>The administrators (delivery failure alerts, personal-data commands).</summary>
    IReadOnlyList<string> AdministratorObjectIds { get; }

    /// <summary>The partners allowed to report in a sector (its GPO members' people), in directory order.</summary>
    IReadOnlyList<Partner> PartnersOfSector(string sectorId);

    /// <summary>The people of a partner organisation, whatever their sectors, in directory order.</summary>
    IReadOnlyList<Partner> PartnersOfOrganisation(string organisationId);

    /// <summary>The GPO member organisations (action owners of diagnostics).</summary>
    IReadOnlyList<Organisation> Organisations => [];

    /// <summary>Diagnostics settings: hotspot thresholds, action reminders, evaluation menu.</summary>
    Diagnostics.DiagnosticSettings Diagnostics => Domain.Diagnostics.DiagnosticSettings.Default;
}

/// <summary>An <see cref="IDirectory"/> over one immutable <see cref="Department"/>, indexed for lookups.</summary>
public sealed class DepartmentDirectory : IDirectory
{
    private readonly Department _department;
    private readonly Dictionary<string, Sector> _sectors;
    private readonly Dictionary<string, IssueCategory> _categories;
    private readonly Dictionary<string, Site> _sites;
    private readonly ILookup<string, Site> _sitesBySector;
    private readonly Dictionary<string, Partner> _partners;
    private readonly Dictionary<string, StaffMember> _staff;
    private readonly ILookup<string, Partner> _partnersBySector;
    private readonly ILookup<string, Partner> _partnersByOrganisation;

    public DepartmentDirectory(Department department)
    {
        _department = department ?? throw new ArgumentNullException(nameof(department));
        _sectors = department.Sectors.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _categories = department.Categories.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _sites = department.Sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _sitesBySector = department.Sites.ToLookup(s => s.SectorId, StringComparer.Ordinal);
        // Entra object ids are GUIDs: compare without case.
        _partners = department.Partners.ToDictionary(p => p.ObjectId, StringComparer.OrdinalIgnoreCase);
        _staff = department.Staff.ToDictionary(p => p.ObjectId, StringComparer.OrdinalIgnoreCase);
        _partnersBySector = department.Partners.SelectMany(p => p.SectorIds.Distinct(StringComparer.Ordinal), (p, sectorId) => (p, sectorId))
            .ToLookup(x => x.sectorId, x => x.p, StringComparer.Ordinal);
        _partnersByOrganisation = department.Partners.ToLookup(p => p.Organisation.Id, StringComparer.Ordinal);
    }

    public Department Department => _department;
    public string TenantId => _department.TenantId;
    public string DepartmentCode => _department.Code;
    public string DepartmentName => _department.Name;
    public TimeZoneInfo TimeZone => _department.TimeZone;
    public IReadOnlyList<Sector> Sectors => _department.Sectors;
    public IReadOnlyList<IssueCategory> Categories => _department.Categories;
    public IReadOnlyList<Organisation> Organisations => _department.Organisations;
    public Diagnostics.DiagnosticSettings Diagnostics => _department.Diagnostics;

    public Sector? FindSector(string sectorId) => _sectors.GetValueOrDefault(sectorId);
    public IssueCategory? FindCategory(string categoryId) => _categories.GetValueOrDefault(categoryId);
    public IReadOnlyList<Site> SitesOf(string sectorId) => [.. _sitesBySector[sectorId]];
    public Site? FindSite(string siteId) => _sites.GetValueOrDefault(siteId);
    public Partner? FindPartner(string objectId) => _partners.GetValueOrDefault(objectId);
    public StaffMember? FindStaff(string objectId) => _staff.GetValueOrDefault(objectId);
    public IReadOnlyList<Partner> Partners => _department.Partners;
    public string CommissionerObjectId => _department.CommissionerObjectId;
    public IReadOnlyList<string> AdministratorObjectIds => _department.AdministratorObjectIds;
    public IReadOnlyList<Partner> PartnersOfSector(string sectorId) => [.. _partnersBySector[sectorId]];
    public IReadOnlyList<Partner> PartnersOfOrganisation(string organisationId) => [.. _partnersByOrganisation[organisationId]];

    public PersonRoles RolesOf(string objectId)
    {
        bool Same(string other) => string.Equals(other, objectId, StringComparison.OrdinalIgnoreCase);
        return new PersonRoles
        {
            Partner = FindPartner(objectId),
            ReferentOf = [.. _department.Sectors.Where(s => Same(s.ReferentObjectId)).Select(s => s.Id)],
            DeputyOf = [.. _department.Sectors.Where(s => Same(s.DeputyObjectId)).Select(s => s.Id)],
            IsCommissioner = Same(_department.CommissionerObjectId),
            IsAdministrator = _department.AdministratorObjectIds.Any(Same),
        };
    }
}
