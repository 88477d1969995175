using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Domain.Tests.Status;

/// <summary>
/// The demo department of departments/hautes-alpes.json, written in code so that Domain tests stay pure:
/// the six sectors with their names and aliases, the categories, the police and two partners.
/// </summary>
internal static class HautesAlpes
{
    public const string GapHyperCentre = "gap-hyper-centre";
    public const string GapZonesEconomiques = "gap-zones-economiques";
    public const string GapForteDensite = "gap-forte-densite";
    public const string BrianconHyperCentre = "briancon-hyper-centre";
    public const string BrianconZonesEconomiques = "briancon-zones-economiques";
    public const string BrianconForteDensite = "briancon-forte-densite";

    public const string PartnerCamille = DemoPeople.Camille;
    public const string PartnerKarim = DemoPeople.Karim;
    /// <summary>Referent of gap-hyper-centre and deputy of gap-forte-densite.</summary>
    public const string ReferentGapCentre = DemoPeople.Julien;
    public const string Commissioner = DemoPeople.Helene;
    public const string Administrator = DemoPeople.Marc;
    public const string Stranger = DemoPeople.Stranger;

    public static DepartmentDirectory Department { get; } = Build();

    private static DepartmentDirectory Build()
    {
        Sector Sector(string id, string name, string commune, SectorZone zone, string referent, string deputy, params string[] aliases) => new()
        {
            Id = id,
            Name = name,
            Commune = commune,
            Zone = zone,
            Aliases = aliases,
            TeamId = "19:gap-hyper-centre@thread.tacv2",
            ChannelId = $"19:{id}@thread.tacv2",
            ReferentObjectId = referent,
            DeputyObjectId = deputy,
        };
        IssueCategory Category(string id, string label) => new() { Id = id, Label = label };

        var organisation = new Organisation("residence-les-cedres", "Résidence Les Cèdres", PartnerType.Concierge);
        return new DepartmentDirectory(new Department
        {
            Code = "05",
            Name = "Hautes-Alpes",
            TenantId = DemoDepartment.Tenant,
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"),
            Sectors =
            [
                Sector(GapHyperCentre, "Gap – hyper-centre", "Gap", SectorZone.HyperCentre, DemoPeople.Julien, DemoPeople.Sophie,
                    "gap centre", "centre-ville de gap", "gap hyper centre"),
                Sector(GapZonesEconomiques, "Gap – grands ensembles économiques", "Gap", SectorZone.BusinessZones, DemoPeople.Sophie, DemoPeople.Sofia,
                    "gap zones économiques", "gap zone commerciale", "gap za"),
                Sector(GapForteDensite, "Gap – zones à forte densité de population", "Gap", SectorZone.DenseHousing, DemoPeople.Sofia, DemoPeople.Julien,
                    "gap quartiers", "gap forte densité"),
                Sector(BrianconHyperCentre, "Briançon – hyper-centre", "Briançon", SectorZone.HyperCentre, DemoPeople.Antoine, DemoPeople.Clara,
                    "briançon centre", "briancon centre", "cité vauban"),
                Sector(BrianconZonesEconomiques, "Briançon – grands ensembles économiques", "Briançon", SectorZone.BusinessZones, DemoPeople.Clara, DemoPeople.Yanis,
                    "briançon zones économiques", "briancon za"),
                Sector(BrianconForteDensite, "Briançon – zones à forte densité de population", "Briançon", SectorZone.DenseHousing, DemoPeople.Yanis, DemoPeople.Antoine,
                    "briançon quartiers", "briancon forte densite"),
            ],
            Organisations = [organisation],
            Partners =
            [
                new Partner { ObjectId = PartnerCamille, DisplayName = "Camille Roux", Organisation = organisation, SectorIds = [GapHyperCentre] },
                new Partner { ObjectId = PartnerKarim, DisplayName = "Karim Benali", Organisation = organisation, SectorIds = [GapHyperCentre] },
            ],
            Staff = [.. DemoPeople.All.Where(p => p.OrganisationId is null).Select(p => new StaffMember(p.ObjectId, p.DisplayName))],
            CommissionerObjectId = Commissioner,
            AdministratorObjectIds = [Administrator],
            Categories =
            [
                Category("incivilites", "Incivilités"),
                Category("occupation-parties-communes", "Occupation des parties communes"),
                Category("trafic-stupefiants", "Trafic de stupéfiants") with { Restricted = true },
                Category("vols", "Vols et cambriolages"),
                Category("agressions-personnel", "Agressions et menaces envers le personnel") with { ResponseDelayDays = 15 },
                Category("securite-routiere", "Sécurité routière et stationnement") with { ResponseDelayDays = 45 },
                Category("autre", "Autre"),
            ],
            Sites = [],
        });
    }
}
