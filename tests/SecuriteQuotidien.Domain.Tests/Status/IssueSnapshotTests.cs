using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Domain.Tests.Issues;
using static SecuriteQuotidien.Domain.Tests.Reminders.Paris;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Domain.Tests.Status;

public sealed class IssueSnapshotTests
{
    private const string Referent = DemoPeople.Julien;

    [Fact]
    public void A_reopened_issue_is_described_by_its_current_clock()
    {
        var timeline = new List<IssueEvent>();
        Issue Apply(IssueChange change)
        {
            timeline.Add(change.Event);
            return change.Issue;
        }

        var issue = Apply(Issue.Open(IssueLifecycleTests.Draft(), new IssueNumber("05", 2026, 7), T("2026-09-01 10:00"), D("2026-10-01")));
        issue = Apply(issue.EngageResponse(Referent, T("2026-09-10 10:00"), "Patrouille ciblée"));
        issue = Apply(issue.Close(Referent, T("2026-09-20 10:00"), IssueOutcome.Resolved));
        issue = Apply(issue.Reopen(Referent, T("2026-10-05 10:00"), "Le problème persiste"));

        var reopened = IssueSnapshot.From(issue, timeline, currentDeadline: D("2026-11-04"));

        Assert.Equal(1, reopened.ReopenedCount);
        Assert.Equal(T("2026-10-05 10:00"), reopened.CurrentClockStart);
        Assert.Null(reopened.FirstResponseAt); // the September response belongs to the first clock
        Assert.Equal(D("2026-11-04"), reopened.Deadline);
        Assert.True(reopened.IsOpen);

        issue = Apply(issue.EngageResponse(Referent, T("2026-10-12 10:00"), "Médiation"));
        var answered = IssueSnapshot.From(issue, timeline, new FollowUpFeedback(FollowUpAnswer.Partly, T("2026-10-20 10:00")));

        Assert.Equal(T("2026-10-12 10:00"), answered.FirstResponseAt);
        Assert.Equal(FollowUpAnswer.Partly, answered.FollowUp!.Answer);
        Assert.Equal(DemoPeople.Camille, answered.ReporterObjectId);
    }

    [Fact]
    public void Days_are_paris_calendar_days_a_response_after_paris_midnight_is_late()
    {
        IssueSnapshot Answered(int sequence, DateTimeOffset response) => new()
        {
            Number = new IssueNumber("05", 2026, sequence),
            SectorId = "gap-hyper-centre",
            CategoryId = "incivilites",
            ReporterObjectId = DemoPeople.Camille,
            CreatedAt = T("2026-10-10 10:00"),
            Deadline = D("2026-11-09"),
            Status = IssueStatus.ResponseEngaged,
            FirstResponseAt = response,
        };
        // 23:30 UTC on 9 November is 00:30 on 10 November in Paris.
        var late = Answered(1, new DateTimeOffset(2026, 11, 9, 23, 30, 0, TimeSpan.Zero));
        var inTime = Answered(2, new DateTimeOffset(2026, 11, 9, 22, 30, 0, TimeSpan.Zero));

        var report = IndicatorCalculator.Compute([late, inTime],
            new StatusQuery(StatusQueryKind.Summary, StatusScope.Department, null), T("2026-11-20 10:00"));

        Assert.Equal(new Proportion(1, 2), report.Totals.OnTime);
        Assert.Equal(30.5, report.Totals.MedianDaysToResponse); // 30 and 31 days: even count
    }
}
