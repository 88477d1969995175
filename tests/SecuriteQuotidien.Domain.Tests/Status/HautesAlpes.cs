using SecuriteQuotidien.Domain.Departments;

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

    public const string PartnerCamille = "00000000-0000-4000-8000-000000000001";
    public const string PartnerKarim = "00000000-0000-4000-8000-000000000002";
    /// <summary>Referent of gap-hyper-centre and deputy of gap-forte-densite.</summary>
    public const string ReferentGapCentre = "00000000-0000-4000-8000-000000000021";
    public const string Commissioner = "00000000-0000-4000-8000-000000000031";
    public const string Administrator = "00000000-0000-4000-8000-000000000041";
    public const string Stranger = "00000000-0000-4000-8000-000000000099";

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
        string Officer(int n) => $"00000000-0000-4000-8000-0000000000{n:D2}";

        var organisation = new Organisation("residence-les-cedres", "Résidence Les Cèdres", PartnerType.Concierge);
        return new DepartmentDirectory(new Department
        {
            Code = "05",
            Name = "Hautes-Alpes",
            TenantId = "05050505-0000-4000-8000-000000000005",
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"),
            Sectors =
            [
                Sector(GapHyperCentre, "Gap – hyper-centre", "Gap", SectorZone.HyperCentre, Officer(21), Officer(22),
                    "gap centre", "centre-ville de gap", "gap hyper centre"),
                Sector(GapZonesEconomiques, "Gap – grands ensembles économiques", "Gap", SectorZone.BusinessZones, Officer(22), Officer(23),
                    "gap zones économiques", "gap zone commerciale", "gap za"),
                Sector(GapForteDensite, "Gap – zones à forte densité de population", "Gap", SectorZone.DenseHousing, Officer(23), Officer(21),
                    "gap quartiers", "gap forte densité"),
                Sector(BrianconHyperCentre, "Briançon – hyper-centre", "Briançon", SectorZone.HyperCentre, Officer(24), Officer(25),
                    "briançon centre", "briancon centre", "cité vauban"),
                Sector(BrianconZonesEconomiques, "Briançon – grands ensembles économiques", "Briançon", SectorZone.BusinessZones, Officer(25), Officer(26),
                    "briançon zones économiques", "briancon za"),
                Sector(BrianconForteDensite, "Briançon – zones à forte densité de population", "Briançon", SectorZone.DenseHousing, Officer(26), Officer(24),
                    "briançon quartiers", "briancon forte densite"),
            ],
            Organisations = [organisation],
            Partners =
            [
                new Partner { ObjectId = PartnerCamille, DisplayName = "Camille Roux", Organisation = organisation, SectorIds = [GapHyperCentre] },
                new Partner { ObjectId = PartnerKarim, DisplayName = "Karim Benali", Organisation = organisation, SectorIds = [GapHyperCentre] },
            ],
            Staff = [.. new[] { 21, 22, 23, 24, 25, 26, 31, 41 }.Select(n => new StaffMember(Officer(n), $"Agent {n}"))],
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
