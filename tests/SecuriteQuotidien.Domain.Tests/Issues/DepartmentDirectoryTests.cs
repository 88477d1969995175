using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Domain.Tests.Issues;

public sealed class DepartmentDirectoryTests
{
    private const string Officer = "00000000-0000-4000-8000-0000000000AA";

    private static readonly Organisation Bailleur = new("bailleur", "Bailleur", PartnerType.Bailleur);
    private static readonly Organisation Transport = new("transport", "Transporteur", PartnerType.Transporteur);

    private static Partner Partner(string objectId, Organisation organisation, params string[] sectorIds) =>
        new() { ObjectId = objectId, DisplayName = objectId, Organisation = organisation, SectorIds = sectorIds };

    private static DepartmentDirectory Directory()
    {
        Sector Sector(string id, string referent, string deputy) => new()
        {
            Id = id,
            Name = id,
            Commune = "Gap",
            Zone = SectorZone.HyperCentre,
            TeamId = "19:t@thread.tacv2",
            ChannelId = "19:c@thread.tacv2",
            ReferentObjectId = referent,
            DeputyObjectId = deputy,
        };
        return new DepartmentDirectory(new Department
        {
            Code = "05",
            Name = "Hautes-Alpes",
            TenantId = DemoDepartment.Tenant,
            TimeZone = TimeZoneInfo.Utc,
            Sectors = [Sector("a", Officer, DemoPeople.Karim), Sector("b", DemoPeople.Remi, Officer)],
            Organisations = [Bailleur, Transport],
            Partners =
            [
                Partner("00000000-0000-4000-8000-000000000101", Bailleur, "a"),
                Partner("00000000-0000-4000-8000-000000000102", Transport, "a", "b"),
                Partner("00000000-0000-4000-8000-000000000103", Bailleur, "b"),
            ],
            Staff = [new StaffMember(Officer, "Agent")],
            CommissionerObjectId = DemoPeople.Ines,
            AdministratorObjectIds = [Officer],
            Categories = [],
            Sites = [new Site { Id = "s1", SectorId = "a", Name = "Place", Kind = "place" }],
        });
    }

    [Fact]
    public void A_person_holds_every_role_the_directory_gives_them_whatever_the_guid_case()
    {
        var roles = Directory().RolesOf(Officer.ToLowerInvariant());

        Assert.Equal(["a"], roles.ReferentOf);
        Assert.Equal(["b"], roles.DeputyOf);
        Assert.True(roles.IsAdministrator);
        Assert.False(roles.IsCommissioner);
        Assert.False(roles.IsPartner);
        Assert.Equal(["a", "b"], roles.PoliceSectorIds);
    }

    [Fact]
    public void Sites_are_listed_per_sector()
    {
        var directory = Directory();

        Assert.Equal("s1", Assert.Single(directory.SitesOf("a")).Id);
        Assert.Empty(directory.SitesOf("b"));
        Assert.Null(directory.FindSector("inconnu"));
    }

    [Fact]
    public void Partners_are_listed_per_sector_and_per_organisation_in_directory_order()
    {
        var directory = Directory();

        Assert.Equal(["00000000-0000-4000-8000-000000000101", "00000000-0000-4000-8000-000000000102"],
            directory.PartnersOfSector("a").Select(p => p.ObjectId));
        Assert.Equal(["00000000-0000-4000-8000-000000000102", "00000000-0000-4000-8000-000000000103"],
            directory.PartnersOfSector("b").Select(p => p.ObjectId));
        Assert.Equal(["00000000-0000-4000-8000-000000000101", "00000000-0000-4000-8000-000000000103"],
            directory.PartnersOfOrganisation("bailleur").Select(p => p.ObjectId));
        Assert.Empty(directory.PartnersOfSector("inconnu"));
        Assert.Empty(directory.PartnersOfOrganisation("inconnue"));
    }
}
