using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using static SecuriteQuotidien.Domain.Tests.Status.HautesAlpes;

namespace SecuriteQuotidien.Domain.Tests.Status;

public sealed class StatusScopePolicyTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly StatusQueryParser Parser = new(Department);

    private static StatusAccessDecision Ask(string person, string text) =>
        StatusScopePolicy.Restrict(Parser.Parse(text, Today).Query!, Department.RolesOf(person));

    [Theory]
    [InlineData(Commissioner)]
    [InlineData(Administrator)]
    public void The_commissioner_and_administrators_see_the_department_by_default(string person)
    {
        var decision = Ask(person, "point");

        Assert.True(decision.IsAllowed);
        Assert.Empty(decision.Query!.Scope.SectorIds);
        Assert.Null(decision.Query.Scope.ReporterObjectId);
        Assert.Null(decision.Note);
    }

    [Fact]
    public void A_referent_gets_their_own_sectors_when_naming_no_place()
    {
        var decision = Ask(ReferentGapCentre, "point incivilités ce mois");

        // Referent of Gap hyper-centre, deputy of Gap forte densité.
        Assert.Equal([GapHyperCentre, GapForteDensite], decision.Query!.Scope.SectorIds);
        Assert.Equal(["incivilites"], decision.Query.Scope.CategoryIds);
        Assert.Equal(new DateOnly(2026, 11, 1), decision.Query.Period!.From);
        Assert.Equal(StatusScopePolicy.ReferentNote, decision.Note);
    }

    [Theory]
    [InlineData("point Briançon", 3)]
    [InlineData("point département", 0)]
    [InlineData("en retard Gap", 3)]
    public void A_referent_may_ask_for_another_place_or_the_department(string text, int sectors)
    {
        var decision = Ask(ReferentGapCentre, text);

        Assert.Equal(sectors, decision.Query!.Scope.SectorIds.Count);
        Assert.Null(decision.Note);
    }

    [Theory]
    [InlineData("point")]
    [InlineData("point département")]
    [InlineData("point Briançon")]
    [InlineData("en retard")]
    public void A_partner_only_ever_gets_their_own_issues(string text)
    {
        var decision = Ask(PartnerCamille, text);

        Assert.True(decision.IsAllowed);
        Assert.Equal(PartnerCamille, decision.Query!.Scope.ReporterObjectId);
        Assert.Equal(StatusScopePolicy.PartnerNote, decision.Note);
        Assert.Equal("vos signalements", decision.Query.Scope.Describe(Department));
    }

    [Fact]
    public void A_partner_cannot_see_department_figures()
    {
        IssueSnapshot Reported(int sequence, string reporter) => new()
        {
            Number = new IssueNumber("05", 2026, sequence),
            SectorId = GapHyperCentre,
            CategoryId = "incivilites",
            ReporterObjectId = reporter,
            CreatedAt = new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero),
            Deadline = new DateOnly(2026, 10, 31),
            Status = IssueStatus.New,
        };
        IssueSnapshot[] issues = [Reported(1, PartnerCamille), Reported(2, PartnerKarim), Reported(3, PartnerKarim)];

        var decision = Ask(PartnerCamille, "point tout le département");
        var report = IndicatorCalculator.Compute(issues, decision.Query!, new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal(1, report.Totals.Issues);
        Assert.Equal(1, report.Totals.Overdue);
        Assert.Equal([1], report.Overdue.Select(e => e.Issue.Number.Sequence));
        Assert.Equal(1, Assert.Single(report.BySector).Figures.Issues);
    }

    [Fact]
    public void Someone_the_directory_does_not_know_is_refused()
    {
        var decision = Ask(Stranger, "point");

        Assert.False(decision.IsAllowed);
        Assert.Null(decision.Query);
        Assert.Equal(StatusScopePolicy.UnknownRefusal, decision.Refusal);
    }
}
