using SecuriteQuotidien.Domain.Reminders;
using static SecuriteQuotidien.Domain.Tests.Reminders.Paris;

namespace SecuriteQuotidien.Domain.Tests.Reminders;

public class ResponseDeadlineTests
{
    [Theory]
    [InlineData("2026-03-02 10:00", 30, "2026-04-01")]
    [InlineData("2026-03-02 10:00", 14, "2026-03-16")]
    [InlineData("2026-12-31 23:30", 30, "2027-01-30")] // 22:30Z: same date in UTC and Paris
    [InlineData("2027-01-01 00:30", 30, "2027-01-31")] // 23:30Z on 31 Dec: the Paris date counts
    [InlineData("2026-07-01 01:30", 30, "2026-07-31")] // 23:30Z on 30 June
    [InlineData("2026-03-01 23:30", 30, "2026-03-31")] // across the spring DST change
    [InlineData("2026-09-26 23:30", 30, "2026-10-26")] // across the autumn DST change
    public void Deadline_is_the_Paris_creation_date_plus_the_delay(string created, int delay, string expected)
    {
        var clock = new ResponseClock { CreatedAt = T(created), DelayDays = delay };

        Assert.Equal(D(expected), ResponseDeadline.DeadlineOf(clock, T(created)));
    }

    [Theory]
    [InlineData("2026-03-29 01:30", 2)]  // before the spring change
    [InlineData("2026-03-29 03:30", 2)]  // just after it
    [InlineData("2026-03-30 23:59", 1)]
    [InlineData("2026-03-31 00:30", 0)]  // 22:30Z on 30 March: already the deadline day in Paris
    [InlineData("2026-03-31 23:59", 0)]
    [InlineData("2026-04-01 00:01", -1)]
    [InlineData("2026-04-08 09:00", -8)]
    public void Days_left_count_Paris_calendar_days_across_the_spring_DST_change(string now, int daysLeft)
    {
        var clock = new ResponseClock { CreatedAt = T("2026-03-01 23:30") };

        var status = ResponseDeadline.StatusAt(clock, T(now));

        Assert.Equal(D("2026-03-31"), status.Deadline);
        Assert.Equal(daysLeft, status.DaysLeft);
        Assert.Equal(Math.Max(0, -daysLeft), status.DaysOverdue);
        Assert.Equal(daysLeft < 0, status.IsOverdue);
    }

    [Theory]
    [InlineData("2026-10-25 01:30", 1)]
    [InlineData("2026-10-25 23:30", 1)]  // the 25-hour day
    [InlineData("2026-10-26 00:30", 0)]  // 23:30Z on 25 October
    [InlineData("2026-10-27 00:30", -1)]
    public void Days_left_count_Paris_calendar_days_across_the_autumn_DST_change(string now, int daysLeft)
    {
        var clock = new ResponseClock { CreatedAt = T("2026-09-26 23:30") };

        Assert.Equal(daysLeft, ResponseDeadline.StatusAt(clock, T(now)).DaysLeft);
    }

    [Theory]
    [InlineData("2026-03-05 10:00", "2026-03-08 10:00", "2026-04-04")] // 3 midnights crossed
    [InlineData("2026-03-05 10:00", "2026-03-05 18:00", "2026-04-01")] // same day: no extension
    [InlineData("2026-03-05 23:50", "2026-03-06 00:10", "2026-04-02")] // 20 minutes across midnight: one day
    [InlineData("2026-03-31 09:00", "2026-04-10 09:00", "2026-04-11")] // started the day before the deadline
    [InlineData("2026-04-01 09:00", "2026-04-10 09:00", "2026-04-01")] // started on the deadline day: no extension
    public void A_finished_pause_extends_the_deadline_by_the_midnights_it_crossed(string start, string end, string expected)
    {
        var clock = new ResponseClock
        {
            CreatedAt = T("2026-03-02 10:00"),
            Pauses = [new PauseInterval(T(start), T(end))],
        };

        Assert.Equal(D(expected), ResponseDeadline.DeadlineOf(clock, T("2026-05-01 12:00")));
    }

    [Fact]
    public void Several_pauses_add_up()
    {
        var clock = new ResponseClock
        {
            CreatedAt = T("2026-03-02 10:00"),
            Pauses =
            [
                new PauseInterval(T("2026-03-20 10:00"), T("2026-03-22 10:00")),
                new PauseInterval(T("2026-03-05 10:00"), T("2026-03-08 10:00")),
            ],
        };

        Assert.Equal(D("2026-04-06"), ResponseDeadline.DeadlineOf(clock, T("2026-05-01 12:00")));
    }

    [Fact]
    public void A_running_pause_keeps_the_days_left_constant()
    {
        var clock = new ResponseClock
        {
            CreatedAt = T("2026-03-02 10:00"),
            Pauses = [new PauseInterval(T("2026-03-05 10:00"), null)],
        };

        var onPauseDay = ResponseDeadline.StatusAt(clock, T("2026-03-05 18:00"));
        var fiveDaysLater = ResponseDeadline.StatusAt(clock, T("2026-03-10 12:00"));

        Assert.Equal(D("2026-04-01"), onPauseDay.Deadline);
        Assert.Equal(D("2026-04-06"), fiveDaysLater.Deadline);
        Assert.Equal(27, onPauseDay.DaysLeft);
        Assert.Equal(27, fiveDaysLater.DaysLeft);
    }

    [Fact]
    public void A_pause_not_yet_started_at_the_evaluation_instant_is_ignored()
    {
        var clock = new ResponseClock
        {
            CreatedAt = T("2026-03-02 10:00"),
            Pauses = [new PauseInterval(T("2026-03-05 10:00"), T("2026-03-08 10:00"))],
        };

        Assert.Equal(D("2026-04-01"), ResponseDeadline.DeadlineOf(clock, T("2026-03-04 10:00")));
        Assert.Equal(D("2026-04-04"), ResponseDeadline.DeadlineOf(clock, T("2026-03-09 10:00")));
    }

    [Fact]
    public void A_reopening_starts_a_new_full_delay_from_its_Paris_date()
    {
        var clock = new ResponseClock
        {
            CreatedAt = T("2026-03-02 10:00"),
            Pauses = [new PauseInterval(T("2026-03-05 10:00"), T("2026-03-08 10:00"))], // before the reopening: ignored
            TargetedResponses = [T("2026-03-20 10:00")],
            Closures = [T("2026-04-20 10:00")],
            Reopenings = [T("2026-05-10 00:15")],
        };

        Assert.Equal(D("2026-04-04"), ResponseDeadline.DeadlineOf(clock, T("2026-05-01 12:00")));
        Assert.Equal(D("2026-06-09"), ResponseDeadline.DeadlineOf(clock, T("2026-05-10 12:00")));
        Assert.Equal(2, clock.ClockNumber);
        Assert.False(clock.IsAnswered);
        Assert.False(clock.IsClosed);
    }
}
