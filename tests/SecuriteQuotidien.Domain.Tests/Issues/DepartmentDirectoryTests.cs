using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Domain.Tests.Issues;

public sealed class DepartmentDirectoryTests
{
    private const string Officer = "00000000-0000-4000-8000-0000000000AA";

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
            TenantId = "05050505-0000-4000-8000-000000000005",
            TimeZone = TimeZoneInfo.Utc,
            Sectors = [Sector("a", Officer, "00000000-0000-4000-8000-000000000002"), Sector("b", "00000000-0000-4000-8000-000000000003", Officer)],
            Organisations = [],
            Partners = [],
            Staff = [new StaffMember(Officer, "Agent")],
            CommissionerObjectId = "00000000-0000-4000-8000-000000000004",
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
}
