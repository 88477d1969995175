using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Reminders;
using static SecuriteQuotidien.Domain.Tests.Reminders.Paris;

namespace SecuriteQuotidien.Domain.Tests.Reminders;

public class ReminderSweepTests
{
    private static readonly ReminderPlanner Planner = new(new ReminderScheduleOptions(), FrenchWorkingCalendar.Default);
    private static readonly ResponseClock Monday = new() { CreatedAt = T("2026-03-02 10:00") };

    private static string[] Keys(IEnumerable<PlannedReminder> reminders) => [.. reminders.Select(r => r.Key)];

    [Fact]
    public void Due_between_returns_the_reminders_due_in_the_window()
    {
        Assert.Equal(["J15"], Keys(Planner.DueBetween(Monday, T("2026-03-17 08:00"), T("2026-03-17 08:30"))));
        Assert.Empty(Planner.DueBetween(Monday, T("2026-03-17 08:30"), T("2026-03-17 09:00"))); // lower bound excluded
        Assert.Equal(["J15", "J23"], Keys(Planner.DueBetween(Monday, T("2026-03-10 08:30"), T("2026-03-26 08:30"))));
    }

    [Fact]
    public void A_response_before_a_late_sweep_cancels_the_reminder()
    {
        var answered = Monday with { TargetedResponses = [T("2026-03-17 08:45")] };

        Assert.Equal(["J15"], Keys(Planner.DueBetween(answered, T("2026-03-17 08:00"), T("2026-03-17 08:40"))));
        Assert.Empty(Planner.DueBetween(answered, T("2026-03-17 08:00"), T("2026-03-17 09:00")));
    }

    [Fact]
    public void A_reminder_is_no_longer_needed_once_answered_closed_or_paused()
    {
        var plan = Planner.Plan(Monday);
        var j15 = plan.Single(r => r.Key == "J15");
        var j23 = plan.Single(r => r.Key == "J23");

        Assert.True(Planner.IsStillNeeded(Monday, j23, j23.DueAt));

        var answered = Monday with { TargetedResponses = [T("2026-03-20 10:00")] };
        Assert.True(Planner.IsStillNeeded(answered, j15, j15.DueAt));
        Assert.False(Planner.IsStillNeeded(answered, j23, j23.DueAt));

        var closed = Monday with { Closures = [T("2026-03-20 10:00")] };
        Assert.False(Planner.IsStillNeeded(closed, j23, j23.DueAt));

        var paused = Monday with { Pauses = [new PauseInterval(T("2026-03-25 08:00"), null)] };
        Assert.False(Planner.IsStillNeeded(paused, j23, j23.DueAt));
    }

    [Fact]
    public void A_reopening_makes_the_previous_clocks_reminders_obsolete()
    {
        var j27 = Planner.Plan(Monday).Single(r => r.Key == "J27");
        var reopened = Monday with { Closures = [T("2026-03-20 10:00")], Reopenings = [T("2026-03-25 10:00")] };

        Assert.False(Planner.IsStillNeeded(reopened, j27, j27.DueAt));
        Assert.StartsWith("C2-", Planner.NextDueAfter(reopened, T("2026-03-25 10:00"))!.Key);
    }

    [Fact]
    public void Next_due_is_the_following_reminder_for_the_due_day_index()
    {
        Assert.Equal("J15", Planner.NextDueAfter(Monday, Monday.CreatedAt)!.Key);
        Assert.Equal("J23", Planner.NextDueAfter(Monday, T("2026-03-17 08:30"))!.Key);
        Assert.Equal("R44", Planner.NextDueAfter(Monday, T("2026-04-08 09:00"))!.Key);
        Assert.Null(Planner.NextDueAfter(Monday with { TargetedResponses = [T("2026-03-05 10:00")] }, T("2026-03-05 10:00")));
        Assert.Null(Planner.NextDueAfter(Monday with { Closures = [T("2026-03-05 10:00")] }, T("2026-03-05 10:00")));
    }

    [Fact]
    public void Next_due_skips_a_reminder_that_collapsed_into_a_more_urgent_one()
    {
        // Created on a Saturday: J+27 (Good Friday) and J+30 (Easter Monday) share Friday 3 April; only J30 is planned.
        var saturday = new ResponseClock { CreatedAt = T("2026-03-07 10:00") };

        var next = Planner.NextDueAfter(saturday, T("2026-03-30 09:00"))!;

        Assert.Equal("J30", next.Key);
        Assert.Equal(D("2026-04-03"), next.DueDate);
    }
}
