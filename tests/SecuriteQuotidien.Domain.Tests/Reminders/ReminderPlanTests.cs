using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Reminders;
using static SecuriteQuotidien.Domain.Tests.Reminders.Paris;

namespace SecuriteQuotidien.Domain.Tests.Reminders;

public class ReminderPlanTests
{
    private static readonly ReminderPlanner Planner = new(new ReminderScheduleOptions(), FrenchWorkingCalendar.Default);

    /// <summary>The fixed days used before reminders were proportional to the delay.</summary>
    private static readonly ReminderPlanner Fixed = new(new ReminderScheduleOptions { UpcomingOffsetDays = [15, 23, 28] }, FrenchWorkingCalendar.Default);

    private static string[] Table(IEnumerable<PlannedReminder> plan, int count = int.MaxValue) =>
        [.. plan.Take(count).Select(r => $"{r.Key} {r.DueDate:yyyy-MM-dd}")];

    [Fact]
    public void Issue_created_on_a_Monday_follows_the_plain_offsets()
    {
        var plan = Planner.Plan(new ResponseClock { CreatedAt = T("2026-03-02 10:00") });

        Assert.Equal(
            ["J15 2026-03-17", "J23 2026-03-25", "J27 2026-03-27", "J30 2026-04-01", "R37 2026-04-08", "R44 2026-04-15", "R51 2026-04-22"],
            Table(plan, 7));
        Assert.Equal(
            [ReminderKind.Upcoming, ReminderKind.Upcoming, ReminderKind.Upcoming, ReminderKind.Deadline, ReminderKind.Overdue],
            plan.Take(5).Select(r => r.Kind));
        Assert.Equal(["J30"], plan.Where(r => r.IncludeInCommissionerDigest).Select(r => r.Key));
    }

    [Fact]
    public void Send_time_is_half_past_eight_in_Paris_winter_and_summer()
    {
        var plan = Planner.Plan(new ResponseClock { CreatedAt = T("2026-03-02 10:00") });

        Assert.Equal(DateTimeOffset.Parse("2026-03-17T07:30:00Z"), plan.Single(r => r.Key == "J15").DueAt);
        Assert.Equal(DateTimeOffset.Parse("2026-04-01T06:30:00Z"), plan.Single(r => r.Key == "J30").DueAt);
    }

    [Fact]
    public void Weekend_reminders_move_to_the_Friday_before_and_same_day_ones_collapse_to_the_most_urgent()
    {
        // Created on a Saturday: J+15 is a Sunday, J+27 (Good Friday, a working day) and J+30 (Easter Monday) share Friday 3 April.
        var plan = Planner.Plan(new ResponseClock { CreatedAt = T("2026-03-07 10:00") });

        Assert.Equal(
            ["J15 2026-03-20", "J23 2026-03-30", "J30 2026-04-03", "R37 2026-04-13", "R44 2026-04-20"],
            Table(plan, 5));

        // Fixed offsets (UpcomingOffsetDays) follow the same rule: from Friday 6 March, J+28 and J+30 (Sunday) share 3 April.
        Assert.Equal(
            ["J15 2026-03-20", "J23 2026-03-27", "J30 2026-04-03", "R37 2026-04-10", "R44 2026-04-17"],
            Table(Fixed.Plan(new ResponseClock { CreatedAt = T("2026-03-06 10:00") }), 5));
    }

    [Theory]
    [InlineData("2026-06-21 10:00", "2026-07-13")] // J+23 = 14 July (Tuesday)
    [InlineData("2026-07-23 10:00", "2026-08-14")] // J+23 = 15 August (Saturday)
    [InlineData("2026-04-08 10:00", "2026-04-30")] // J+23 = 1 May (Friday)
    [InlineData("2026-10-19 10:00", "2026-11-10")] // J+23 = 11 November (Wednesday)
    [InlineData("2026-12-02 10:00", "2026-12-24")] // J+23 = 25 December (Friday)
    [InlineData("2026-03-14 10:00", "2026-04-03")] // J+23 = Easter Monday 2026: back over the weekend
    [InlineData("2027-03-06 10:00", "2027-03-26")] // J+23 = Easter Monday 2027
    public void A_reminder_on_a_public_holiday_moves_to_the_previous_working_day(string created, string expectedJ23)
    {
        var plan = Planner.Plan(new ResponseClock { CreatedAt = T(created) });

        Assert.Equal(D(expectedJ23), plan.Single(r => r.Key == "J23").DueDate);
    }

    [Fact]
    public void Overdue_repeats_every_seven_days_moving_off_Ascension()
    {
        var plan = Planner.Plan(new ResponseClock { CreatedAt = T("2026-04-07 10:00") });

        Assert.Equal(
            ["J15 2026-04-22", "J23 2026-04-30", "J27 2026-05-04", "J30 2026-05-07", "R37 2026-05-13", "R44 2026-05-21"],
            Table(plan, 6));
    }

    [Fact]
    public void Overdue_repeats_move_off_Christmas_and_New_Year()
    {
        var plan = Planner.Plan(new ResponseClock { CreatedAt = T("2026-11-11 10:00") });

        Assert.Equal(
            ["J30 2026-12-11", "R37 2026-12-18", "R44 2026-12-24", "R51 2026-12-31", "R58 2027-01-08"],
            Table(plan.SkipWhile(r => r.Kind == ReminderKind.Upcoming), 5));
    }

    [Fact]
    public void Upcoming_offsets_not_before_the_delay_are_dropped()
    {
        var plan = Fixed.Plan(new ResponseClock { CreatedAt = T("2026-03-02 10:00"), DelayDays = 21 });

        Assert.Equal(["J15 2026-03-17", "J21 2026-03-23", "R28 2026-03-30", "R35 2026-04-03"], Table(plan, 4));
        Assert.Equal(ReminderKind.Deadline, plan[1].Kind);
    }

    [Fact]
    public void A_reminder_never_lands_on_the_start_date_it_goes_to_the_next_working_day_instead()
    {
        var planner = new ReminderPlanner(new ReminderScheduleOptions { UpcomingOffsetDays = [1] }, FrenchWorkingCalendar.Default);

        // Friday creation: J+1 is Saturday, moving it back would reach the creation day.
        Assert.Equal(["J1 2026-03-09", "J30 2026-04-03"], Table(planner.Plan(new ResponseClock { CreatedAt = T("2026-03-06 10:00") }), 2));

        // A two-day delay from Good Friday: J+1 and J+2 both go to Tuesday after Easter Monday; the deadline one is kept.
        Assert.Equal(
            ["J2 2026-04-07", "R9 2026-04-10"],
            Table(planner.Plan(new ResponseClock { CreatedAt = T("2026-04-03 10:00"), DelayDays = 2 }), 2));
    }

    [Fact]
    public void The_plan_stops_at_the_horizon()
    {
        var plan = Planner.Plan(new ResponseClock { CreatedAt = T("2026-03-02 10:00") });

        Assert.Equal("R359", plan[^1].Key);
        Assert.Equal(51, plan.Count);
        Assert.Equal(plan.Count, plan.Select(r => r.DueDate).Distinct().Count());
        Assert.All(plan, r => Assert.True(FrenchWorkingCalendar.Default.IsWorkingDay(r.DueDate)));
    }

    [Fact]
    public void A_pause_shifts_the_following_reminders_and_the_deadline_reminder_matches_the_deadline()
    {
        var clock = new ResponseClock
        {
            CreatedAt = T("2026-03-02 10:00"),
            Pauses = [new PauseInterval(T("2026-03-10 10:00"), T("2026-03-13 10:00"))],
        };

        var plan = Planner.Plan(clock);

        Assert.Equal(["J15 2026-03-20", "J23 2026-03-27", "J27 2026-04-01", "J30 2026-04-03"], Table(plan, 4));
        Assert.Equal(D("2026-04-04"), ResponseDeadline.DeadlineOf(clock, T("2026-03-20 12:00")));
    }

    [Fact]
    public void A_pause_recorded_after_a_reminder_was_due_does_not_move_it()
    {
        var clock = new ResponseClock
        {
            CreatedAt = T("2026-03-06 10:00"),
            Pauses = [new PauseInterval(T("2026-03-20 10:00"), T("2026-03-23 10:00"))],
        };

        Assert.Equal(["J15 2026-03-20", "J23 2026-04-01", "J27 2026-04-03", "J30 2026-04-08"], Table(Planner.Plan(clock), 4));
    }

    [Theory]
    [InlineData("2026-03-17 08:00", "2026-03-17 12:00")]
    [InlineData("2026-03-17 08:30", "2026-03-17 09:00")]
    public void A_reminder_whose_send_time_is_inside_a_pause_goes_to_the_next_working_day(string start, string end)
    {
        var clock = new ResponseClock { CreatedAt = T("2026-03-02 10:00"), Pauses = [new PauseInterval(T(start), T(end))] };

        Assert.Equal(["J15 2026-03-18", "J23 2026-03-25"], Table(Planner.Plan(clock), 2));
    }

    [Fact]
    public void A_pause_ending_exactly_at_the_send_time_does_not_delay_the_reminder()
    {
        var clock = new ResponseClock
        {
            CreatedAt = T("2026-03-02 10:00"),
            Pauses = [new PauseInterval(T("2026-03-16 10:00"), T("2026-03-17 08:30"))],
        };

        // One midnight crossed: J+15 moves from the 17th to the 18th, at 08:30 just after the pause ended.
        Assert.Equal(["J15 2026-03-18", "J23 2026-03-26"], Table(Planner.Plan(clock), 2));

        var sameDay = clock with { Pauses = [new PauseInterval(T("2026-03-17 06:00"), T("2026-03-17 08:30"))] };
        Assert.Equal(["J15 2026-03-17"], Table(Planner.Plan(sameDay), 1));
    }

    [Fact]
    public void While_a_pause_runs_the_reminders_after_its_start_wait()
    {
        var clock = new ResponseClock
        {
            CreatedAt = T("2026-03-02 10:00"),
            Pauses = [new PauseInterval(T("2026-03-18 10:00"), null)],
        };

        Assert.Equal(["J15 2026-03-17"], Table(Planner.Plan(clock)));
        Assert.Null(Planner.NextDueAfter(clock, T("2026-03-18 12:00")));
    }

    [Fact]
    public void A_reopening_plans_a_new_clock_with_prefixed_keys()
    {
        var clock = new ResponseClock
        {
            CreatedAt = T("2026-03-02 10:00"),
            Closures = [T("2026-03-20 10:00")],
            Reopenings = [T("2026-04-10 10:00")],
        };

        // From 10 April: J+23 is Sunday 3 May, back over 1 May to Thursday 30 April; J+27 (Thursday 7 May) and
        // J+30 (Sunday 10 May, back over 8 May) share Thursday 7 May, where the deadline reminder is kept.
        Assert.Equal(["C2-J15 2026-04-24", "C2-J23 2026-04-30", "C2-J30 2026-05-07"], Table(Planner.Plan(clock), 3));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ReminderPlanner(new ReminderScheduleOptions { OverdueRepeatDays = 0 }, FrenchWorkingCalendar.Default));
    }
}
