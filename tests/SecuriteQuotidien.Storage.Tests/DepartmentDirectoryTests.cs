using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

public sealed class DepartmentDirectoryTests
{
    private static readonly string ShippedPath = RepoPaths.Combine("departments", "hautes-alpes.json");

    [Fact]
    public async Task Shipped_hautes_alpes_file_loads_with_six_sectors()
    {
        var directory = await DepartmentFileLoader.LoadAsync(ShippedPath, CancellationToken.None);

        Assert.Equal("05", directory.DepartmentCode);
        Assert.Equal(DemoDepartment.Tenant, directory.TenantId);
        Assert.Equal(6, directory.Sectors.Count);
        Assert.Equal(3, directory.Sectors.Count(s => s.Commune == "Gap"));
        Assert.Equal(3, directory.Sectors.Count(s => s.Commune == "Briançon"));
        foreach (var zone in Enum.GetValues<SectorZone>())
        {
            Assert.Equal(2, directory.Sectors.Count(s => s.Zone == zone));
        }
        Assert.Equal("19:gap-hyper-centre@thread.tacv2", directory.FindSector("gap-hyper-centre")!.ChannelId);
        Assert.Equal("19:briancon-hyper-centre@thread.tacv2", directory.FindSector("briancon-hyper-centre")!.ChannelId);
        Assert.All(directory.Sectors, s => Assert.NotEmpty(directory.SitesOf(s.Id)));
        Assert.True(directory.FindCategory("trafic-stupefiants")!.Restricted);
        Assert.Equal(30, directory.FindCategory("autre")!.ResponseDelayDays);
        Assert.Equal("Europe/Paris", directory.TimeZone.Id);
    }

    [Fact]
    public async Task Roles_come_from_the_directory_and_a_person_may_hold_several()
    {
        var directory = await DepartmentFileLoader.LoadAsync(ShippedPath, CancellationToken.None);

        var demo = directory.RolesOf(DemoPeople.Camille);
        Assert.True(demo.IsPartner);
        Assert.False(demo.IsPolice);
        Assert.Equal(PartnerType.Concierge, demo.Partner!.Organisation.Type);
        Assert.Equal(["gap-hyper-centre"], demo.Partner.SectorIds);
        Assert.True(directory.Department.Partners.Count(p => p.SectorIds.Contains("gap-hyper-centre")) >= 2);

        var officer = directory.RolesOf(DemoPeople.Sophie);
        Assert.Equal(["gap-zones-economiques"], officer.ReferentOf);
        Assert.Equal(["gap-hyper-centre"], officer.DeputyOf);
        Assert.False(officer.IsPartner);

        Assert.True(directory.RolesOf(DemoPeople.Helene).IsCommissioner);
        Assert.True(directory.RolesOf(DemoPeople.Marc).IsAdministrator);
        Assert.False(directory.RolesOf(DemoPeople.Stranger).IsKnown);
    }

    [Fact]
    public async Task Shipped_file_lists_the_partners_of_a_sector_and_the_people_of_an_organisation()
    {
        IDirectory directory = await DepartmentFileLoader.LoadAsync(ShippedPath, CancellationToken.None);

        Assert.Equal(["Camille Roux", "Karim Benali", "Inès Faure"], directory.PartnersOfSector("gap-hyper-centre").Select(p => p.DisplayName));
        Assert.Equal(["Karim Benali", "Rémi Garnier"], directory.PartnersOfOrganisation("habitat-alpin").Select(p => p.DisplayName));
        Assert.All(directory.PartnersOfSector("briancon-hyper-centre"), p => Assert.Contains("briancon-hyper-centre", p.SectorIds));
        Assert.Empty(directory.PartnersOfOrganisation("organisation-inconnue"));
    }

    [Fact]
    public async Task Shipped_file_names_every_partner_the_commissioner_and_the_administrators()
    {
        IDirectory directory = await DepartmentFileLoader.LoadAsync(ShippedPath, CancellationToken.None);

        Assert.Contains(directory.Partners, p => p.DisplayName == "Camille Roux");
        Assert.Equal(directory.Partners.Count, directory.Partners.Select(p => p.ObjectId).Distinct().Count());
        Assert.Equal(DemoPeople.Helene, directory.CommissionerObjectId);
        Assert.True(directory.RolesOf(directory.CommissionerObjectId).IsCommissioner);
        Assert.Contains(DemoPeople.Marc, directory.AdministratorObjectIds);
        Assert.All(directory.AdministratorObjectIds, id => Assert.True(directory.RolesOf(id).IsAdministrator));
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "sectors[2].referentObjectId = pas-un-guid", "sectors[2].referentObjectId: GUID attendu" },
        { "sectors[1].id = gap-hyper-centre", "sectors[1].id: identifiant en double « gap-hyper-centre »" },
        { "sectors[0].zone = banlieue", "sectors[0].zone: valeur attendue parmi" },
        { "partners[0].sectorIds[0] = embrun-centre", "partners[0].sectorIds[0]: secteur inconnu « embrun-centre »" },
        { "partners[1].organisationId = inconnue", "partners[1].organisationId: organisation inconnu" },
        { "categories[0].responseDelayDays = 0", "categories[0].responseDelayDays: délai attendu entre 1 et 365 jours" },
        { "categories[1].responseDelayDays = 400", "categories[1].responseDelayDays: délai attendu entre 1 et 365 jours" },
        { "sites[3].sectorId = nulle-part", "sites[3].sectorId: secteur inconnu « nulle-part »" },
        { "tenantId = tenant-05", "tenantId: GUID attendu" },
        { "timeZone = Mars/Olympus", "timeZone: fuseau horaire IANA attendu" },
        { "sectors[0].deputyObjectId = 00000000-0000-4000-8000-000000000011", "sectors[0].deputyObjectId: l'adjoint doit être différent du référent" },
        { "sectors[4].channelId = general", "sectors[4].channelId: identifiant Teams attendu" },
        { "commissionerObjectId = 00000000-0000-4000-8000-000000000099", "commissionerObjectId: membre de staff inconnu" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Malformed_file_fails_fast_naming_the_bad_field(string change, string expected)
    {
        var json = Break(change);

        var error = Assert.Throws<DepartmentFileException>(() => DepartmentFileLoader.Parse(json, "test.json"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_field_is_named()
    {
        var json = JsonNode.Parse(File.ReadAllText(ShippedPath))!;
        json["sectors"]![0]!.AsObject().Add("nmae", "Gap");

        var error = Assert.Throws<DepartmentFileException>(() => DepartmentFileLoader.Parse(json.ToJsonString(), "test.json"));

        Assert.Contains("sectors[0].nmae: champ inconnu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_and_broken_json_are_named()
    {
        var json = JsonNode.Parse(File.ReadAllText(ShippedPath))!;
        json["categories"]![2]!["responseDelayDays"] = "trente";

        var wrongType = Assert.Throws<DepartmentFileException>(() => DepartmentFileLoader.Parse(json.ToJsonString(), "test.json"));
        var broken = Assert.Throws<DepartmentFileException>(() => DepartmentFileLoader.Parse("{ \"code\": ", "test.json"));

        Assert.Contains("categories[2].responseDelayDays: JSON mal formé", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("test.json", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_sections_are_each_reported()
    {
        var error = Assert.Throws<DepartmentFileException>(() => DepartmentFileLoader.Parse("{}", "vide.json"));

        Assert.Contains("code: valeur obligatoire", error.Errors);
        Assert.Contains("sectors: au moins un secteur attendu", error.Errors);
        Assert.Contains("categories: au moins une catégorie attendue", error.Errors);
    }

    [Fact]
    public async Task Host_start_fails_on_a_bad_file_and_succeeds_on_the_shipped_one()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"sq-bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(bad, Break("sectors[2].referentObjectId = x"));
        try
        {
            var error = await Assert.ThrowsAsync<DepartmentFileException>(() => StartAsync(bad));
            Assert.Contains("sectors[2].referentObjectId: GUID attendu", error.Message, StringComparison.Ordinal);

            var directory = await StartAsync(ShippedPath);
            Assert.Equal(6, directory.Sectors.Count);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    private static async Task<IDirectory> StartAsync(string path)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Directory:Path"] = path }).Build();
        var services = new ServiceCollection().AddDepartmentDirectory(configuration).BuildServiceProvider();
        await using var _ = services;
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        return services.GetRequiredService<IDirectory>();
    }

    // "a[1].b = value": sets one field of the shipped file.
    private static string Break(string change)
    {
        var (path, value) = (change.Split(" = ")[0], change.Split(" = ")[1]);
        var json = JsonNode.Parse(File.ReadAllText(ShippedPath))!;
        JsonNode node = json;
        var steps = path.Replace("]", "").Split('.', '[');
        foreach (var step in steps[..^1])
        {
            node = int.TryParse(step, out var index) ? node[index]! : node[step]!;
        }
        JsonNode newValue = int.TryParse(value, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);
        if (int.TryParse(steps[^1], out var last))
        {
            node[last] = newValue;
        }
        else
        {
            node[steps[^1]] = newValue;
        }
        return json.ToJsonString();
    }
}
