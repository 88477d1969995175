using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Tests.Status;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Domain.Tests.Diagnostics;

/// <summary>The demo department with a second partner organisation, a partner of another sector, and sites; plus builders.</summary>
internal static class DiagnosticsData
{
    public const string Sector = HautesAlpes.GapHyperCentre;
    public const string Referent = HautesAlpes.ReferentGapCentre;
    public const string Deputy = DemoPeople.Sophie;
    /// <summary>Referent of gap-forte-densite: police, but not of this sector.</summary>
    public const string OtherReferent = DemoPeople.Sofia;
    public const string Cedres = "residence-les-cedres";
    public const string HabitatAlpin = "habitat-alpin";
    public const string PartnerHabitat = DemoPeople.Remi;
    /// <summary>A Habitat Alpin employee who only reports in Briançon.</summary>
    public const string PartnerHabitatBriancon = DemoPeople.Ines;
    public const string RueCarnot = "gap-rue-carnot";
    public const string PlaceJeanMarcellin = "gap-place-jean-marcellin";
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DepartmentDirectory Department05 { get; } = Build();

    public static PartnerConfidentiality Confidentiality { get; } = new(Department05);

    public static DiagnosticActor Actor(string objectId) => new(objectId, Department05.RolesOf(objectId));

    public static DiagnosticNumber Number(int sequence = 7) => new("05", 2026, sequence);

    /// <summary>Noon in Paris on that day (UTC+1 in winter, UTC+2 in summer).</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour = 12) =>
        new DateTimeOffset(new DateTime(year, month, day, hour, 0, 0), Paris.GetUtcOffset(new DateTime(year, month, day, hour, 0, 0)));

    public static IssueFacts Facts(int sequence, DateOnly createdOn, string categoryId = "incivilites", string? siteId = RueCarnot,
        string sectorId = Sector, IssueStatus status = IssueStatus.New, DateOnly? deadline = null, bool answered = false,
        DateOnly? closedOn = null, Domain.Status.FollowUpAnswer? followUp = null) => new()
        {
            Number = new IssueNumber("05", createdOn.Year, sequence),
            SectorId = sectorId,
            CategoryId = categoryId,
            SiteId = siteId,
            CreatedOn = createdOn,
            Status = closedOn is null ? status : IssueStatus.Closed,
            Deadline = deadline ?? createdOn.AddDays(30),
            Answered = answered,
            ClosedOn = closedOn,
            Outcome = closedOn is null ? null : IssueOutcome.Resolved,
            FollowUp = followUp,
        };

    public static LinkedIssue Linked(int sequence, string categoryId = "incivilites", string? siteId = RueCarnot) =>
        new(new IssueNumber("05", 2026, sequence), categoryId, siteId);

    /// <summary>An open diagnostic of gap-hyper-centre at version 1, opened by the referent.</summary>
    public static Diagnostic Opened(DateTimeOffset? at = null, params LinkedIssue[] linked) =>
        Diagnostic.Open(Number(), Sector, "Regroupements rue Carnot", linked.Length > 0 ? linked : [Linked(1), Linked(2), Linked(3)],
            new DiagnosticTemplate("Trois signalements en mars.", "Fin des cours au lycée voisin.", "Commerçants, bailleur, police."),
            Actor(Referent), at ?? At(2026, 3, 16)).Diagnostic;

    private static DepartmentDirectory Build()
    {
        var department = HautesAlpes.Department.Department;
        var cedres = department.Organisations.Single();
        var habitat = new Organisation(HabitatAlpin, "Habitat Alpin", PartnerType.Bailleur);
        return new DepartmentDirectory(department with
        {
            Organisations = [cedres, habitat],
            Partners =
            [
                .. department.Partners,
                new Partner { ObjectId = PartnerHabitat, DisplayName = "Nadia Habitat", Organisation = habitat, SectorIds = [Sector] },
                new Partner { ObjectId = PartnerHabitatBriancon, DisplayName = "Luc Habitat", Organisation = habitat, SectorIds = [HautesAlpes.BrianconHyperCentre] },
            ],
            Sites =
            [
                new Site { Id = RueCarnot, SectorId = Sector, Name = "Rue Carnot", Kind = "rue" },
                new Site { Id = PlaceJeanMarcellin, SectorId = Sector, Name = "Place Jean-Marcellin", Kind = "place" },
            ],
        });
    }
}
