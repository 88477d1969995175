namespace SecuriteQuotidien.Testing;

/// <summary>One person of the demo department file (departments/hautes-alpes.json) as Teams sees them.</summary>
public sealed record DemoPerson(string ObjectId, string DisplayName, string TeamsId, string? OrganisationId = null);

/// <summary>
/// The people of the demo department file, by name and by role, so that tests never type a directory
/// object id. The file is the truth: <c>DemoPeopleTests</c> checks this list against it.
/// </summary>
public static class DemoPeople
{
    // Partners (organisation, sectors).
    /// <summary>Concierge of Résidence Les Cèdres, partner of Gap hyper-centre.</summary>
    public const string Camille = "00000000-0000-4000-8000-000000000001";
    /// <summary>Habitat Alpin (social landlord), partner of Gap hyper-centre.</summary>
    public const string Karim = "00000000-0000-4000-8000-000000000002";
    /// <summary>Habitat Alpin, partner of Gap and Briançon « forte densité ».</summary>
    public const string Remi = "00000000-0000-4000-8000-000000000003";
    /// <summary>Bus gapençais, partner of the three Gap sectors.</summary>
    public const string Ines = "00000000-0000-4000-8000-000000000004";
    /// <summary>CCI des Hautes-Alpes, partner of both « zones économiques » sectors.</summary>
    public const string Jerome = "00000000-0000-4000-8000-000000000005";
    /// <summary>Médiation briançonnaise, partner of Briançon hyper-centre and « forte densité ».</summary>
    public const string Zoe = "00000000-0000-4000-8000-000000000006";
    /// <summary>Boulangerie de la Cité Vauban, partner of Briançon hyper-centre.</summary>
    public const string Noel = "00000000-0000-4000-8000-000000000007";

    // Police (referent / deputy of which sectors).
    /// <summary>Referent of Gap hyper-centre, deputy of Gap « forte densité ».</summary>
    public const string Julien = "00000000-0000-4000-8000-000000000011";
    /// <summary>Deputy of Gap hyper-centre, referent of Gap « zones économiques ».</summary>
    public const string Sophie = "00000000-0000-4000-8000-000000000012";
    /// <summary>Referent of Gap « forte densité », deputy of Gap « zones économiques ».</summary>
    public const string Sofia = "00000000-0000-4000-8000-000000000023";
    /// <summary>Referent of Briançon hyper-centre, deputy of Briançon « forte densité ».</summary>
    public const string Antoine = "00000000-0000-4000-8000-000000000024";
    /// <summary>Deputy of Briançon hyper-centre, referent of Briançon « zones économiques ».</summary>
    public const string Clara = "00000000-0000-4000-8000-000000000025";
    /// <summary>Referent of Briançon « forte densité », deputy of Briançon « zones économiques ».</summary>
    public const string Yanis = "00000000-0000-4000-8000-000000000026";
    /// <summary>The commissioner (DDSP).</summary>
    public const string Helene = "00000000-0000-4000-8000-000000000031";
    /// <summary>The department's administrator.</summary>
    public const string Marc = "00000000-0000-4000-8000-000000000041";
    /// <summary>A member of the tenant the directory does not know.</summary>
    public const string Stranger = "00000000-0000-4000-8000-000000000099";

    // The same people by the role tests give them.
    public const string Partner = Camille;
    public const string PartnerOrganisation = "residence-les-cedres";
    public const string OtherPartner = Karim;
    public const string OtherPartnerOrganisation = "habitat-alpin";
    public const string GapReferent = Julien;
    public const string GapDeputy = Sophie;
    public const string BrianconReferent = Antoine;
    public const string Commissioner = Helene;
    public const string Administrator = Marc;

    public static IReadOnlyList<DemoPerson> All { get; } =
    [
        new(Camille, "Camille Roux", "29:1camille", "residence-les-cedres"),
        new(Karim, "Karim Benali", "29:1karim", "habitat-alpin"),
        new(Remi, "Rémi Garnier", "29:1remi", "habitat-alpin"),
        new(Ines, "Inès Faure", "29:1ines", "bus-gapencais"),
        new(Jerome, "Jérôme Blanc", "29:1jerome", "cci-hautes-alpes"),
        new(Zoe, "Zoé Arnaud", "29:1zoe", "mediation-brianconnaise"),
        new(Noel, "Noël Chabert", "29:1noel", "boulangerie-vauban"),
        new(Julien, "Lieutenant Julien Arnaud", "29:1julien"),
        new(Sophie, "Brigadière Sophie Blanc", "29:1sophie"),
        new(Sofia, "Brigadier-chef Sofia Morel", "29:1sofia"),
        new(Antoine, "Capitaine Antoine Perrin", "29:1antoine"),
        new(Clara, "Lieutenant Clara Bonnet", "29:1clara"),
        new(Yanis, "Brigadier-chef Yanis Fabre", "29:1yanis"),
        new(Helene, "Commissaire Hélène Faure", "29:1helene"),
        new(Marc, "Marc Giraud", "29:1marc"),
    ];

    /// <summary>The person with this object id; the stranger (unknown to the directory) otherwise.</summary>
    public static DemoPerson Get(string objectId) =>
        All.FirstOrDefault(p => p.ObjectId == objectId) ?? new DemoPerson(objectId, "Personne inconnue", "29:1stranger-" + objectId[^4..]);
}

/// <summary>The demo department's tenant, team and sector channels (departments/hautes-alpes.json).</summary>
public static class DemoDepartment
{
    public const string Tenant = "05050505-0000-4000-8000-000000000005";
    public const string Code = "05";
    /// <summary>The team "GPO Hautes-Alpes"; its General channel is bound to Gap hyper-centre.</summary>
    public const string TeamId = "19:gap-hyper-centre@thread.tacv2";
    public const string GapCentre = "gap-hyper-centre";
    public const string GapCentreChannel = "19:gap-hyper-centre@thread.tacv2";
    public const string GapEconomic = "gap-zones-economiques";
    public const string GapDense = "gap-forte-densite";
    public const string BrianconCentre = "briancon-hyper-centre";
    public const string BrianconCentreChannel = "19:briancon-hyper-centre@thread.tacv2";
    public const string BrianconEconomic = "briancon-zones-economiques";
    public const string BrianconDense = "briancon-forte-densite";
    /// <summary>A known site of Gap hyper-centre's gazetteer.</summary>
    public const string HallA = "gap-residence-les-cedres-hall-a";
    /// <summary>The department file, from the repository root.</summary>
    public static string FilePath => RepoPaths.Combine("departments", "hautes-alpes.json");
}
