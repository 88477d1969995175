using System.Globalization;
using System.Text;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Testing;
using static SecuriteQuotidien.Domain.Tests.Status.HautesAlpes;

namespace SecuriteQuotidien.Domain.Tests.Status;

/// <summary>
/// The running totals (<see cref="StatusTally"/>, <see cref="StatusTotals"/>) give the report
/// <see cref="IndicatorCalculator"/> computes from the issues themselves: on the hand-checked data set, and on random
/// issues taken through random lifecycles (pauses running or not, reopenings, closures without response, follow-ups),
/// for every kind of request.
/// </summary>
public sealed class StatusTotalsTests
{
    [Fact]
    public void The_totals_of_the_hand_checked_data_set_give_the_calculator_s_report_for_every_request()
    {
        var now = IndicatorCalculatorTests.Now;
        var tallies = IndicatorCalculatorTests.DataSet.Select(StatusTally.Of).ToList();

        foreach (var query in Queries(ParisTime.DateOf(now), ["incivilites", "vols"]))
        {
            var expected = IndicatorCalculator.Compute(IndicatorCalculatorTests.DataSet, query, now);
            var actual = StatusTotals.FromTallies(tallies, query, now).Report(query, now);
            Assert.Equal(StatusReportText.Of(expected), StatusReportText.Of(actual));
        }
    }

    [Fact]
    public void Random_lifecycles_totalled_when_they_changed_give_the_calculator_s_report_on_a_later_day()
    {
        var random = new Random(20261120);
        var delays = new Dictionary<string, int> { ["incivilites"] = 30, ["vols"] = 15, ["stupefiants"] = 45 };
        for (var run = 0; run < 40; run++)
        {
            var start = ParisTime.At(new DateOnly(2025, 10, 1), new TimeOnly(9, 0)).AddDays(random.Next(0, 200));
            var issues = Enumerable.Range(1, 60).Select(i => RandomIssue(random, i, start, delays)).ToList();
            var now = issues.Max(x => x.LastChange).AddDays(random.Next(0, 40)).AddHours(random.Next(0, 24));
            var snapshots = issues.Select(x => IssueSnapshot.FromIssue(x.Issue, delays[x.Issue.CategoryId], now)).ToList();
            // Each issue was totalled when it last changed, as the storage does.
            var tallies = issues.Select(x => StatusTally.Of(x.Issue, delays[x.Issue.CategoryId], x.LastChange)).ToList();

            foreach (var query in Queries(ParisTime.DateOf(now), [.. delays.Keys]))
            {
                var expected = IndicatorCalculator.Compute(snapshots, query, now);
                var actual = StatusTotals.FromTallies(tallies, query, now).Report(query, now);
                Assert.Equal(StatusReportText.Of(expected), StatusReportText.Of(actual));
            }
        }
    }

    [Fact]
    public void A_pause_started_before_the_deadline_makes_it_slide_so_the_tally_keeps_days_left_not_a_date()
    {
        var created = ParisTime.At(new DateOnly(2026, 3, 2), new TimeOnly(10, 0));
        var issue = Issue.Open(Draft("incivilites"), new IssueNumber("05", 2026, 1), created, new DateOnly(2026, 4, 1)).Issue;
        var paused = issue.Pause(DemoPeople.Julien, created.AddDays(10), "Enquête").Issue;

        var tally = StatusTally.Of(paused, 30, created.AddDays(10));

        Assert.Null(tally.Deadline);
        Assert.Equal(20, tally.SlidingDaysLeft); // 30 clock days, 10 spent before the pause
        Assert.Contains(new TallyCount(TallyBucket.Stock, "incivilites", "su:20"), tally.Counts());
        // Paused after its deadline: the deadline stays.
        var late = issue.Pause(DemoPeople.Julien, created.AddDays(40), "Enquête").Issue;
        Assert.Equal(new DateOnly(2026, 4, 1), StatusTally.Of(late, 30, created.AddDays(40)).Deadline);
    }

    internal static IEnumerable<StatusQuery> Queries(DateOnly today, IReadOnlyList<string> categories)
    {
        StatusPeriod?[] periods =
        [
            StatusPeriods.ThisYear(today), StatusPeriods.ThisMonth(today), StatusPeriods.LastMonth(today), StatusPeriods.ThisQuarter(today),
            StatusPeriods.LastDays(today, 7), StatusPeriods.Since(today.AddDays(-100), today),
            StatusPeriods.Between(today.AddDays(-400), today.AddDays(60)), null,
        ];
        StatusScope[] scopes =
        [
            StatusScope.Department,
            new() { SectorIds = [GapHyperCentre] },
            new() { SectorIds = [GapHyperCentre, BrianconHyperCentre], CategoryIds = [categories[0]] },
            new() { CategoryIds = [categories[^1]] },
        ];
        foreach (var scope in scopes)
        {
            foreach (var period in periods)
            {
                yield return new StatusQuery(StatusQueryKind.Summary, scope, period);
            }
            yield return new StatusQuery(StatusQueryKind.Overdue, scope, null);
            yield return new StatusQuery(StatusQueryKind.DueSoon, scope, null);
        }
    }

    private static IssueDraft Draft(string category) => new()
    {
        SectorId = GapHyperCentre,
        CategoryId = category,
        Reporter = new IssueReporter(PartnerCamille, "residence-les-cedres"),
        Site = IssueSite.Known("gap-rue-carnot"),
        LastOccurrence = new DateOnly(2025, 1, 1),
        TimeOfDay = TimeOfDay.Evening,
        Frequency = IssueFrequency.Daily,
        Description = "Regroupement bruyant chaque soir devant l'entrée.",
    };

    private static (Issue Issue, DateTimeOffset LastChange) RandomIssue(Random random, int sequence, DateTimeOffset start, Dictionary<string, int> delays)
    {
        string[] sectors = [GapHyperCentre, BrianconHyperCentre, GapForteDensite];
        var category = delays.Keys.ElementAt(random.Next(delays.Count));
        var created = start.AddDays(random.Next(0, 300)).AddMinutes(random.Next(0, 600));
        var draft = Draft(category) with { SectorId = sectors[random.Next(sectors.Length)] };
        var issue = Issue.Open(draft, new IssueNumber("05", created.Year, sequence), created,
            Issue.DeadlineFor(created, delays[category], ParisTime.Zone)).Issue;
        var at = created;
        for (var step = random.Next(0, 8); step > 0; step--)
        {
            var next = at.AddHours(random.Next(1, 24 * 25));
            IssueChange? change = random.Next(9) switch
            {
                0 or 1 when issue.IsOpen && !issue.IsPaused => issue.Pause(DemoPeople.Julien, next, "Enquête"),
                2 when issue.IsOpen && issue.IsPaused => issue.Resume(DemoPeople.Julien, next),
                3 when issue.IsOpen => issue.EngageResponse(DemoPeople.Julien, next, "Patrouille ciblée"),
                4 when issue.IsOpen => issue.Close(DemoPeople.Julien, next, (IssueOutcome)random.Next(4)),
                5 when !issue.IsOpen => issue.Reopen(DemoPeople.Julien, next, "Le problème persiste"),
                6 when issue.Status == IssueStatus.New => issue.Acknowledge(DemoPeople.Julien, next),
                _ => null,
            };
            if (change is { } c)
            {
                issue = c.Issue;
                at = next;
            }
            else if (!issue.IsOpen && random.Next(3) == 0)
            {
                issue = issue with { FollowUp = new FollowUpFeedback((FollowUpAnswer)random.Next(3), next) };
                at = next;
            }
        }
        return (issue, at);
    }
}
