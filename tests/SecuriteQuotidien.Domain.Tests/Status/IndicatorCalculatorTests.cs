using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using static SecuriteQuotidien.Domain.Tests.Reminders.Paris;
using static SecuriteQuotidien.Domain.Tests.Status.HautesAlpes;

namespace SecuriteQuotidien.Domain.Tests.Status;

/// <summary>
/// Eighteen issues in two sectors (A = Gap hyper-centre, B = Briançon hyper-centre) and two categories
/// (I = incivilités, V = vols), on Friday 20 November 2026, for the fourth quarter of 2026. Every expected
/// value below was worked out by hand from the table in <see cref="DataSet"/>.
/// </summary>
public sealed class IndicatorCalculatorTests
{
    private const string A = GapHyperCentre;
    private const string B = BrianconHyperCentre;
    private const string I = "incivilites";
    private const string V = "vols";
    private const string OtherPartner = PartnerKarim;

    internal static readonly DateTimeOffset Now = T("2026-11-20 10:00");
    private static readonly StatusPeriod Quarter = StatusPeriods.ThisQuarter(new DateOnly(2026, 11, 20));

    private static IssueSnapshot Issue(int sequence, string sector, string category, string created, string deadline,
        IssueStatus status, string? response = null, IssueOutcome? outcome = null, string? closed = null,
        string? paused = null, string? reopened = null, FollowUpFeedback? followUp = null, string reporter = OtherPartner) => new()
    {
        Number = new IssueNumber("05", 2026, sequence),
        SectorId = sector,
        CategoryId = category,
        ReporterObjectId = reporter,
        CreatedAt = T(created),
        Deadline = D(deadline),
        Status = status,
        Outcome = outcome,
        FirstResponseAt = response is null ? null : T(response),
        ClosedAt = closed is null ? null : T(closed),
        PausedAt = paused is null ? null : T(paused),
        ClockStartedAt = reopened is null ? null : T(reopened),
        ReopenedCount = reopened is null ? 0 : 1,
        FollowUp = followUp,
    };

    internal static readonly IssueSnapshot[] DataSet =
    [
        // #  sector cat created             deadline      status                     facts
        Issue(1, A, I, "2026-09-01 10:00", "2026-10-01", IssueStatus.ResponseEngaged, response: "2026-09-20 10:00", reporter: PartnerCamille),
        Issue(2, A, I, "2026-09-10 10:00", "2026-10-10", IssueStatus.FollowUp, response: "2026-10-12 10:00"),
        Issue(3, A, I, "2026-09-15 10:00", "2026-10-15", IssueStatus.New),
        Issue(4, A, V, "2026-09-20 10:00", "2026-10-20", IssueStatus.Acknowledged, paused: "2026-10-25 10:00"),
        Issue(5, A, V, "2026-10-01 10:00", "2026-10-31", IssueStatus.Closed, response: "2026-10-05 10:00",
            outcome: IssueOutcome.Resolved, closed: "2026-10-20 10:00",
            followUp: new FollowUpFeedback(FollowUpAnswer.Yes, T("2026-10-25 10:00")), reporter: PartnerCamille),
        Issue(6, A, I, "2026-10-02 10:00", "2026-11-01", IssueStatus.Closed, response: "2026-10-30 10:00",
            outcome: IssueOutcome.NotResolved, closed: "2026-11-05 10:00",
            followUp: new FollowUpFeedback(FollowUpAnswer.No, T("2026-11-10 10:00"))),
        Issue(7, A, I, "2026-10-05 10:00", "2026-11-04", IssueStatus.Closed, outcome: IssueOutcome.Duplicate, closed: "2026-10-06 10:00"),
        Issue(8, B, I, "2026-10-06 10:00", "2026-11-05", IssueStatus.Closed, response: "2026-10-07 10:00",
            outcome: IssueOutcome.OutOfScope, closed: "2026-10-08 10:00"),
        Issue(9, B, I, "2026-10-10 10:00", "2026-11-09", IssueStatus.ResponseEngaged, response: "2026-11-09 18:00", reporter: PartnerCamille),
        // Reopened on 2 November: a new clock, not answered yet, due 2 December.
        Issue(10, B, V, "2026-10-15 10:00", "2026-12-02", IssueStatus.Acknowledged, reopened: "2026-11-02 10:00"),
        Issue(11, B, V, "2026-10-20 10:00", "2026-11-19", IssueStatus.Acknowledged),
        Issue(12, B, I, "2026-10-21 10:00", "2026-11-20", IssueStatus.New, reporter: PartnerCamille),
        Issue(13, B, I, "2026-10-25 10:00", "2026-11-24", IssueStatus.Acknowledged, paused: "2026-11-10 10:00"),
        Issue(14, A, I, "2026-10-28 10:00", "2026-11-27", IssueStatus.New),
        Issue(15, A, V, "2026-10-29 10:00", "2026-11-28", IssueStatus.New),
        Issue(16, A, I, "2026-11-01 10:00", "2026-12-01", IssueStatus.ResponseEngaged, response: "2026-11-03 10:00"),
        Issue(17, B, V, "2026-06-01 10:00", "2026-07-01", IssueStatus.Closed, response: "2026-06-10 10:00",
            outcome: IssueOutcome.Resolved, closed: "2026-10-02 10:00",
            followUp: new FollowUpFeedback(FollowUpAnswer.Partly, T("2026-10-05 10:00"))),
        // Created in August, reopened on 1 October: judged on the new clock (due 31 October, answered 20 October).
        Issue(18, B, I, "2026-08-01 10:00", "2026-10-31", IssueStatus.ResponseEngaged, response: "2026-10-20 10:00",
            reopened: "2026-10-01 10:00"),
    ];

    private static StatusReport Compute(StatusScope? scope = null, StatusPeriod? period = null,
        StatusQueryKind kind = StatusQueryKind.Summary) =>
        IndicatorCalculator.Compute(DataSet, new StatusQuery(kind, scope ?? StatusScope.Department, period ?? Quarter), Now);

    [Fact]
    public void The_trend_counts_per_week_the_issues_opened_answered_in_time_and_gone_late()
    {
        // Friday 20 November: 12 weeks from Monday 31 August (week 0) to the current week (week 11, from 16 November).
        IssueSnapshot[] issues =
        [
            // Opened week 0, answered on time week 2 (14-20 September).
            Issue(1, A, I, "2026-09-01 10:00", "2026-10-01", IssueStatus.ResponseEngaged, response: "2026-09-20 10:00"),
            // Opened week 1, due week 5 (5-11 October), answered after it: late in week 5, never "in time".
            Issue(2, A, I, "2026-09-10 10:00", "2026-10-10", IssueStatus.ResponseEngaged, response: "2026-10-12 10:00"),
            // Opened week 6, due week 10 (9-15 November), no response: late in week 10.
            Issue(3, B, V, "2026-10-15 10:00", "2026-11-14", IssueStatus.Acknowledged),
            // Opened week 7; a duplicate closed without response owes none: never late.
            Issue(4, B, I, "2026-10-20 10:00", "2026-11-04", IssueStatus.Closed, outcome: IssueOutcome.Duplicate, closed: "2026-10-21 10:00"),
            // Opened week 7, due today: not late yet.
            Issue(5, A, I, "2026-10-21 10:00", "2026-11-20", IssueStatus.New),
            // Opened week 11.
            Issue(6, A, V, "2026-11-18 10:00", "2026-12-18", IssueStatus.New),
            // Before the 12 weeks: nothing counted.
            Issue(7, B, V, "2026-06-01 10:00", "2026-07-01", IssueStatus.ResponseEngaged, response: "2026-06-10 10:00"),
        ];

        var trend = IndicatorCalculator.Compute(issues, new StatusQuery(StatusQueryKind.Summary, StatusScope.Department, Quarter), Now).Trend;

        Assert.Equal(12, trend.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(w => new DateOnly(2026, 8, 31).AddDays(7 * w)), trend.Select(w => w.Monday));
        Assert.Equal([1, 1, 0, 0, 0, 0, 1, 2, 0, 0, 0, 1], trend.Select(w => w.Opened));
        Assert.Equal([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], trend.Select(w => w.AnsweredOnTime));
        Assert.Equal([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], trend.Select(w => w.Missed));
        // Within the query's scope only.
        var gap = new StatusQuery(StatusQueryKind.Summary, new StatusScope { SectorIds = [A] }, Quarter);
        Assert.Equal(4, IndicatorCalculator.Compute(issues, gap, Now).Trend.Sum(w => w.Opened));
    }

    [Fact]
    public void Stocks_describe_today()
    {
        var totals = Compute().Totals;

        Assert.Equal(18, totals.Issues);
        Assert.Equal(13, totals.Open);      // all but 5, 6, 7, 8, 17
        Assert.Equal(3, totals.Overdue);    // 3, 4 (paused after its deadline), 11
        Assert.Equal(3, totals.DueSoon);    // 12 (today), 13 (in 4 days), 14 (in 7 days); not 15 (8 days)
        Assert.Equal(2, totals.Paused);     // 4, 13
        Assert.Equal(2, totals.Reopened);   // 10, 18
    }

    [Fact]
    public void Flows_count_the_period_only()
    {
        var totals = Compute().Totals;

        Assert.Equal(12, totals.Identified); // created 1 October or later: 5 to 16
        Assert.Equal(2, totals.Resolved);    // 5 and 17 (closed 2 October, created in June)
        Assert.Equal(5, totals.Closed);
        Assert.Equal(2, totals.ClosedByOutcome[IssueOutcome.Resolved]);
        Assert.Equal(1, totals.ClosedByOutcome[IssueOutcome.NotResolved]);
        Assert.Equal(1, totals.ClosedByOutcome[IssueOutcome.OutOfScope]);
        Assert.Equal(1, totals.ClosedByOutcome[IssueOutcome.Duplicate]);
        Assert.Equal(new FollowUpCounts(Yes: 1, Partly: 1, No: 1), totals.FollowUp);
    }

    [Fact]
    public void On_time_counts_every_issue_whose_deadline_fell_in_the_period_open_and_overdue_ones_included()
    {
        var onTime = Compute().Totals;

        // Denominator: 1, 2, 3, 4, 5, 6, 8, 9, 11, 16, 18. Not 7 (duplicate, no response owed), not 10, 12,
        // 13, 14, 15 (deadline not passed and not answered yet: not judged), not 17 (deadline in July).
        // On time: 1, 5, 6, 8, 9 (answered on its deadline day), 16 (answered early), 18 (current clock).
        Assert.Equal(new Proportion(7, 11), onTime.OnTime);
        Assert.Equal(7.0 / 11, onTime.OnTime.Value!.Value, 9);
        Assert.Equal(1, onTime.OnTimePaused); // 4: paused, overdue, still counted
    }

    [Fact]
    public void The_median_is_taken_over_responses_in_the_period_odd_count()
    {
        var totals = Compute().Totals;

        // Days from the clock's start: 2 → 32, 5 → 4, 6 → 28, 8 → 1, 9 → 30, 16 → 2, 18 → 19 (from the reopening).
        // Sorted 1, 2, 4, 19, 28, 30, 32: the middle one.
        Assert.Equal(7, totals.ResponsesMeasured);
        Assert.Equal(19.0, totals.MedianDaysToResponse);
    }

    [Fact]
    public void Sectors_get_the_same_indicators_with_the_small_number_guard()
    {
        var report = Compute();

        Assert.Equal([B, A], report.BySector.Select(s => s.Id));
        var a = report.BySector.Single(s => s.Id == A).Figures;
        var b = report.BySector.Single(s => s.Id == B).Figures;

        Assert.Equal(10, a.Issues);
        Assert.Equal(2, a.Overdue);
        Assert.Equal(new Proportion(4, 7), a.OnTime);           // 1, 5, 6, 16 of 1, 2, 3, 4, 5, 6, 16
        Assert.Equal(4.0 / 7, a.OnTime.Value!.Value, 9);
        Assert.Equal(16.0, a.MedianDaysToResponse);             // 2, 4, 28, 32: even count, mean of 4 and 28

        Assert.Equal(8, b.Issues);
        Assert.Equal(1, b.Overdue);
        Assert.Equal(new Proportion(3, 4), b.OnTime);           // 8, 9, 18 of 8, 9, 11, 18
        Assert.Null(b.OnTime.Value);                            // under 5: not significant
        Assert.Equal(19.0, b.MedianDaysToResponse);             // 1, 19, 30
    }

    [Fact]
    public void Categories_get_the_same_indicators()
    {
        var report = Compute();

        var incivilities = report.ByCategory.Single(c => c.Id == I).Figures;
        var thefts = report.ByCategory.Single(c => c.Id == V).Figures;

        Assert.Equal(12, incivilities.Issues);
        Assert.Equal(new Proportion(6, 8), incivilities.OnTime); // 1, 6, 8, 9, 16, 18 of those plus 2, 3
        Assert.Equal(0.75, incivilities.OnTime.Value);
        Assert.Equal(6, thefts.Issues);
        Assert.Equal(new Proportion(1, 3), thefts.OnTime);       // 5 of 4, 5, 11
        Assert.Null(thefts.OnTime.Value);
        Assert.Equal(2, thefts.Resolved);                        // 5 and 17
    }

    [Fact]
    public void The_overdue_list_is_oldest_first_with_days_overdue_and_the_due_soon_list_nearest_first()
    {
        var report = Compute(kind: StatusQueryKind.Overdue);

        Assert.Equal([(3, 36), (4, 31), (11, 1)], report.Overdue.Select(e => (e.Issue.Number.Sequence, e.Days)));
        Assert.True(report.Overdue[1].Issue.IsPaused);
        Assert.Equal([(12, 0), (13, 4), (14, 7)], report.DueSoon.Select(e => (e.Issue.Number.Sequence, e.Days)));
    }

    [Fact]
    public void Without_a_period_flows_cover_all_time()
    {
        var totals = IndicatorCalculator.Compute(DataSet, new StatusQuery(StatusQueryKind.Overdue, StatusScope.Department, null), Now).Totals;

        Assert.Equal(18, totals.Identified);
        // Adds 17 (deadline 1 July, answered 10 June) to the quarter's 11.
        Assert.Equal(new Proportion(8, 12), totals.OnTime);
        // Adds 1 (19 days) and 17 (9 days) to the quarter's seven: 1, 2, 4, 9, 19, 19, 28, 30, 32.
        Assert.Equal(19.0, totals.MedianDaysToResponse);
        Assert.Equal(9, totals.ResponsesMeasured);
    }

    [Fact]
    public void Scope_filters_sector_category_and_reporter()
    {
        var gapIncivilities = Compute(new StatusScope { SectorIds = [A], CategoryIds = [I] }).Totals;
        var camille = Compute(new StatusScope { ReporterObjectId = PartnerCamille.ToUpperInvariant() }).Totals;

        Assert.Equal(7, gapIncivilities.Issues); // 1, 2, 3, 6, 7, 14, 16
        Assert.Equal(new Proportion(3, 5), gapIncivilities.OnTime); // 1, 6, 16 of 1, 2, 3, 6, 16
        Assert.Equal(4, camille.Issues);         // 1, 5, 9, 12
    }

    [Fact]
    public void An_empty_scope_has_no_median_and_no_share()
    {
        var totals = Compute(new StatusScope { CategoryIds = ["autre"] }).Totals;

        Assert.Equal(0, totals.Issues);
        Assert.Null(totals.MedianDaysToResponse);
        Assert.Null(totals.OnTime.Value);
        Assert.Empty(Compute(new StatusScope { CategoryIds = ["autre"] }).BySector);
    }

    [Fact]
    public void The_worked_example_of_docs_indicateurs_md_holds()
    {
        IssueSnapshot[] example =
        [
            Issue(101, A, I, "2026-09-01 10:00", "2026-10-01", IssueStatus.ResponseEngaged, response: "2026-09-20 10:00"),
            Issue(102, A, I, "2026-09-10 10:00", "2026-10-10", IssueStatus.Closed, response: "2026-10-12 10:00",
                outcome: IssueOutcome.Resolved, closed: "2026-10-30 10:00"),
            Issue(103, A, I, "2026-09-15 10:00", "2026-10-15", IssueStatus.Acknowledged),
            Issue(104, A, I, "2026-09-20 10:00", "2026-10-20", IssueStatus.Acknowledged, paused: "2026-10-25 10:00"),
            Issue(105, A, I, "2026-10-05 10:00", "2026-11-04", IssueStatus.Closed, outcome: IssueOutcome.Duplicate, closed: "2026-10-06 10:00"),
            Issue(106, A, I, "2026-10-06 10:00", "2026-11-05", IssueStatus.ResponseEngaged, response: "2026-10-07 10:00"),
        ];
        var lastMonth = StatusPeriods.LastMonth(new DateOnly(2026, 11, 20));

        var report = IndicatorCalculator.Compute(example, new StatusQuery(StatusQueryKind.Summary, StatusScope.Department, lastMonth), Now);
        var totals = report.Totals;

        Assert.Equal("le mois dernier (octobre 2026)", lastMonth.Label);
        Assert.Equal(2, totals.Identified);
        Assert.Equal(1, totals.Resolved);
        Assert.Equal(1, totals.ClosedByOutcome[IssueOutcome.Duplicate]);
        Assert.Equal("non significatif (1 sur 4)", totals.OnTime.ToFrench());
        Assert.Equal(1, totals.OnTimePaused);
        Assert.Equal(16.5, totals.MedianDaysToResponse);
        Assert.Equal(4, totals.Open);
        Assert.Equal([(103, 36), (104, 31)], report.Overdue.Select(e => (e.Issue.Number.Sequence, e.Days)));
        Assert.Equal(1, totals.Paused);
        Assert.Equal(0, totals.DueSoon);
    }

    [Theory]
    [InlineData(0, 0, null, "non significatif (0 sur 0)")]
    [InlineData(4, 4, null, "non significatif (4 sur 4)")]
    [InlineData(4, 5, 0.8, "80\u00a0% (4 sur 5)")]
    [InlineData(7, 11, 7.0 / 11, "64\u00a0% (7 sur 11)")]
    public void A_share_needs_five_issues(int numerator, int denominator, double? value, string french)
    {
        var share = new Proportion(numerator, denominator);

        Assert.Equal(value, share.Value);
        Assert.Equal(french, share.ToFrench());
    }
}
