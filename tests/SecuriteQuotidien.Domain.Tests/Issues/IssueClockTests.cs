using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Domain.Tests.Issues;

/// <summary>The clock kept on the issue by its transitions is the one its timeline records (issue 20, item 3).</summary>
public sealed class IssueClockTests
{
    private const string Referent = DemoPeople.Julien;
    private static readonly DateTimeOffset Created = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Random_histories_keep_on_the_issue_the_clock_their_timeline_records()
    {
        var random = new Random(2026_03_10);
        for (var run = 0; run < 500; run++)
        {
            var (issue, created) = Issue.Open(IssueLifecycleTests.Draft(), new IssueNumber("05", 2026, run + 1), Created, new DateOnly(2026, 4, 9));
            var timeline = new List<IssueEvent> { created };
            var at = Created;
            for (var step = 0; step < 12; step++)
            {
                at = at.AddHours(random.Next(1, 200));
                IssueChange? change = random.Next(7) switch
                {
                    0 when issue.IsOpen && !issue.IsPaused => issue.Pause(Referent, at, "Enquête"),
                    1 when issue.IsOpen && issue.IsPaused => issue.Resume(Referent, at),
                    2 when issue.IsOpen => issue.EngageResponse(Referent, at, "Patrouille ciblée"),
                    3 when issue.IsOpen => issue.Close(Referent, at, IssueOutcome.Resolved),
                    4 when !issue.IsOpen => issue.Reopen(Referent, at, "Le problème persiste"),
                    5 when issue.Status == IssueStatus.New => issue.Acknowledge(Referent, at),
                    _ => null,
                };
                if (change is { } c)
                {
                    issue = c.Issue;
                    timeline.Add(c.Event);
                }
                // Kept on the issue = rebuilt from the timeline (given in any order), and the same planner clock.
                var rebuilt = IssueClock.FromTimeline(Enumerable.Reverse(timeline));
                Assert.Equal(rebuilt, issue.Clock);
                Assert.Equal(issue.IsPaused, issue.Clock!.RunningPauseStart is not null);
                var fromRow = issue.Clock.ToResponseClock(issue.CreatedAt, 30);
                var fromEvents = rebuilt.ToResponseClock(issue.CreatedAt, 30);
                Assert.Equal(ResponseDeadline.DeadlineOf(fromEvents, at), ResponseDeadline.DeadlineOf(fromRow, at));
                Assert.Equal(fromEvents.IsAnswered, fromRow.IsAnswered);
                Assert.Equal(fromEvents.ClockNumber, fromRow.ClockNumber);
            }
        }
    }

    [Fact]
    public void A_second_pause_while_paused_and_a_resume_without_pause_change_nothing_and_a_closure_ends_the_pause()
    {
        var clock = IssueClock.Empty.Paused(Created).Paused(Created.AddHours(1));
        Assert.Equal([new PauseInterval(Created, null)], clock.Pauses);
        Assert.Equal(IssueClock.Empty, IssueClock.Empty.Resumed(Created));
        var closed = clock.Closed(Created.AddDays(1));
        Assert.Equal([new PauseInterval(Created, Created.AddDays(1))], closed.Pauses);
        Assert.Equal([Created.AddDays(1)], closed.Closures);
        Assert.NotEqual(clock, closed);
    }

    [Fact]
    public void The_last_reminder_of_a_timeline_is_its_latest_reminder_sent_event()
    {
        var issue = Issue.Open(IssueLifecycleTests.Draft(), new IssueNumber("05", 2026, 1), Created, new DateOnly(2026, 4, 9)).Issue;
        IssueEvent Reminder(string key, int day) =>
            issue.EventOf(IssueEventKind.ReminderSent, "bot", Created.AddDays(day), EventVisibility.PoliceOnly, $"{key};Upcoming") with { Id = "reminder:" + key };

        Assert.Null(IssueClock.LastReminderOf([issue.CreatedEvent()]));
        Assert.Equal(new SentReminder("J23", Created.AddDays(23)), IssueClock.LastReminderOf([Reminder("J23", 23), Reminder("J15", 15)]));
    }
}
