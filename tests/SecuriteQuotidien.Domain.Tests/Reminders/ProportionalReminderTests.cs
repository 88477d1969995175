using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Reminders;
using static SecuriteQuotidien.Domain.Tests.Reminders.Paris;

namespace SecuriteQuotidien.Domain.Tests.Reminders;

/// <summary>Reminders placed at 50 %, 75 % and 90 % of each category's delay, then at the deadline.</summary>
public class ProportionalReminderTests
{
    private static readonly ReminderPlanner Planner = new(new ReminderScheduleOptions(), FrenchWorkingCalendar.Default);

    private static string[] Table(IEnumerable<PlannedReminder> plan, int count) =>
        [.. plan.Take(count).Select(r => $"{r.Key} {r.DueDate:yyyy-MM-dd}")];

    [Theory]
    [InlineData(15, new[] { 8, 11, 14 })]
    [InlineData(30, new[] { 15, 23, 27 })]
    [InlineData(45, new[] { 23, 34, 41 })]
    [InlineData(2, new[] { 1 })] // 50 % = 1, 75 % and 90 % round to the deadline itself: left out
    [InlineData(1, new int[0])]
    public void Default_offsets_are_half_three_quarters_and_nine_tenths_of_the_delay(int delay, int[] expected)
    {
        Assert.Equal(expected, new ReminderScheduleOptions().UpcomingOffsetsFor(delay));
    }

    [Fact]
    public void Percentages_and_fixed_days_are_configurable()
    {
        Assert.Equal([10, 20], new ReminderScheduleOptions { UpcomingPercentages = [50, 25] }.UpcomingOffsetsFor(40));
        Assert.Equal([5, 12], new ReminderScheduleOptions { UpcomingOffsetDays = [12, 5, 40], UpcomingPercentages = [50] }.UpcomingOffsetsFor(30));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReminderScheduleOptions { UpcomingPercentages = [50, 100] }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReminderScheduleOptions { UpcomingPercentages = [0] }.Validate());
    }

    [Fact]
    public void A_fifteen_day_category_gets_three_reminders_before_its_deadline()
    {
        var plan = Planner.Plan(new ResponseClock { CreatedAt = T("2026-03-02 10:00"), DelayDays = 15 });

        Assert.Equal(["J8 2026-03-10", "J11 2026-03-13", "J14 2026-03-16", "J15 2026-03-17", "R22 2026-03-24"], Table(plan, 5));
        Assert.Equal(ReminderKind.Deadline, plan[3].Kind);
    }

    [Fact]
    public void A_forty_five_day_category_is_reminded_at_J23_and_moves_off_Easter_weekends()
    {
        // J+34 is Easter Sunday 5 April: back over Saturday to Good Friday (a working day nationally);
        // J+41 is Sunday 12 April: back to Friday 10 April.
        var plan = Planner.Plan(new ResponseClock { CreatedAt = T("2026-03-02 10:00"), DelayDays = 45 });

        Assert.Equal(["J23 2026-03-25", "J34 2026-04-03", "J41 2026-04-10", "J45 2026-04-16", "R52 2026-04-23"], Table(plan, 5));
    }

    [Fact]
    public void Every_plan_is_on_working_days_one_a_day_never_after_the_deadline_and_never_silent_past_half_the_delay()
    {
        var calendar = FrenchWorkingCalendar.Default;
        var start = D("2026-01-01");
        foreach (var delay in new[] { 3, 7, 10, 15, 21, 30, 45, 60 })
        {
            for (var day = 0; day < 730; day += 3)
            {
                var created = start.AddDays(day);
                var clock = new ResponseClock { CreatedAt = T($"{created:yyyy-MM-dd} 10:00"), DelayDays = delay };
                var deadline = ResponseDeadline.DeadlineOf(clock, clock.CreatedAt);
                var beforeDeadline = Planner.Plan(clock).Where(r => r.Kind != ReminderKind.Overdue).ToList();

                Assert.All(beforeDeadline, r => Assert.True(calendar.IsWorkingDay(r.DueDate), $"{created} +{delay}: {r.Key} on {r.DueDate}"));
                Assert.Equal(beforeDeadline.Count, beforeDeadline.Select(r => r.DueDate).Distinct().Count());
                // Never after the deadline, unless no working day lies between the creation day and the deadline
                // (a 3-day delay from the Thursday before a Friday holiday): then the first working day after.
                var latest = calendar.WorkingDayOnOrBefore(deadline) > created ? deadline : calendar.WorkingDayOnOrAfter(created.AddDays(1));
                Assert.All(beforeDeadline, r => Assert.True(r.DueDate <= latest, $"{created} +{delay}: {r.Key} on {r.DueDate} after {deadline}"));
                Assert.Equal(ReminderKind.Deadline, beforeDeadline[^1].Kind);
                // The first reminder comes at half the delay at the latest (moved earlier, never later, past a few days).
                Assert.True(beforeDeadline[0].DueDate.DayNumber - created.DayNumber <= Math.Max((delay + 1) / 2, 4),
                    $"{created} +{delay}: first reminder {beforeDeadline[0].Key} on {beforeDeadline[0].DueDate}");
            }
        }
    }

    [Fact]
    public void The_breach_is_the_first_working_day_after_the_deadline_once_per_clock()
    {
        var monday = new ResponseClock { CreatedAt = T("2026-03-02 10:00") };
        var breach = Planner.BreachOf(monday, T("2026-03-02 10:00"))!;
        Assert.Equal(("B31", ReminderKind.Breach, D("2026-04-02")), (breach.Key, breach.Kind, breach.DueDate));
        Assert.DoesNotContain(Planner.Plan(monday), r => r.Kind == ReminderKind.Breach);

        // Deadline Sunday 5 April: the day after is Easter Monday, so Tuesday 7 April.
        Assert.Equal(D("2026-04-07"), Planner.BreachOf(new ResponseClock { CreatedAt = T("2026-03-06 10:00") }, T("2026-03-06 10:00"))!.DueDate);

        // A reopened issue has a new clock, hence a new breach key; an answered or closed clock has none.
        var reopened = monday with { Closures = [T("2026-03-20 10:00")], Reopenings = [T("2026-03-25 10:00")] };
        Assert.Equal(("C2-B31", D("2026-04-27")), (Planner.BreachOf(reopened, T("2026-03-25 10:00"))!.Key, Planner.BreachOf(reopened, T("2026-03-25 10:00"))!.DueDate));
        Assert.Null(Planner.BreachOf(monday with { TargetedResponses = [T("2026-03-20 10:00")] }, T("2026-04-02 08:30")));
        Assert.Null(Planner.BreachOf(monday with { Closures = [T("2026-03-20 10:00")] }, T("2026-04-02 08:30")));
    }
}
