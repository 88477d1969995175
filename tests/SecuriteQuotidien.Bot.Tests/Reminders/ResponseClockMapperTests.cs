using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Bot.Tests.Reminders;

public sealed class ResponseClockMapperTests
{
    private static readonly DateOnly Created = new(2026, 3, 2);

    private static DateTimeOffset At(DateOnly date, int hour, int minute) => ParisTime.At(date, new TimeOnly(hour, minute));

    [Fact]
    public void The_clock_is_mapped_from_the_timeline()
    {
        var issue = new Issue
        {
            Number = IssueNumber.Parse("05-2026-0042"),
            CreatedAt = At(Created, 10, 0),
            Deadline = Created.AddDays(30),
            SectorId = "gap-hyper-centre",
            CategoryId = "incivilites",
            Reporter = new IssueReporter(DemoPeople.Partner, "org"),
            Site = IssueSite.Known("gap-rue-carnot"),
            LastOccurrence = Created,
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Daily,
            Description = "Regroupement bruyant chaque soir.",
        };
        DateTimeOffset Day(int d, int hour) => At(Created.AddDays(d), hour, 0);
        IssueEvent E(IssueEventKind kind, DateTimeOffset at) => issue.EventOf(kind, ReminderHost.Actor, at, EventVisibility.PoliceOnly, null);
        var timeline = new[]
        {
            E(IssueEventKind.Created, Day(0, 10)), E(IssueEventKind.Paused, Day(3, 9)), E(IssueEventKind.Resumed, Day(5, 9)),
            E(IssueEventKind.ResponseEngaged, Day(8, 9)), E(IssueEventKind.Paused, Day(9, 9)), E(IssueEventKind.Closed, Day(10, 9)),
            E(IssueEventKind.Reopened, Day(12, 9)), E(IssueEventKind.Paused, Day(14, 9)), E(IssueEventKind.ReminderSent, Day(15, 9)),
        };

        var clock = ResponseClocks.FromTimeline(issue, timeline.Reverse(), 15);

        Assert.Equal(issue.CreatedAt, clock.CreatedAt);
        Assert.Equal(15, clock.DelayDays);
        Assert.Equal([new PauseInterval(Day(3, 9), Day(5, 9)), new PauseInterval(Day(9, 9), Day(10, 9)), new PauseInterval(Day(14, 9), null)], clock.Pauses);
        Assert.Equal([Day(8, 9)], clock.TargetedResponses);
        Assert.Equal([Day(10, 9)], clock.Closures);
        Assert.Equal([Day(12, 9)], clock.Reopenings);
        Assert.Equal(2, clock.ClockNumber);
    }
}
