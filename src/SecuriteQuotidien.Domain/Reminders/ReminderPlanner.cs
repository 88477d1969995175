using SecuriteQuotidien.Domain.Calendar;

namespace SecuriteQuotidien.Domain.Reminders;

/// <summary>
/// Plans the reminders ("relances") of an issue's response clock.
/// </summary>
/// <remarks>
/// Rules, in order:
/// <list type="number">
/// <item><b>Offsets.</b> One reminder per upcoming offset n with 0 &lt; n &lt; delay (key "Jn", kind
/// Upcoming), n being a share of the category's delay (<see cref="ReminderScheduleOptions.UpcomingPercentages"/>,
/// 50 %, 75 % and 90 % by default) or a fixed day (<see cref="ReminderScheduleOptions.UpcomingOffsetDays"/>); one at n = delay (key "J{delay}", kind Deadline); then one every
/// <see cref="ReminderScheduleOptions.OverdueRepeatDays"/> after it (key "Rn", kind Overdue), up to
/// <see cref="ReminderScheduleOptions.HorizonDays"/> clock days.</item>
/// <item><b>Nominal date.</b> The Paris date on which n clock days have elapsed since the clock's start
/// date (see <see cref="ResponseDeadline"/>: pauses remove the dates they cover, so the deadline
/// reminder's nominal date is the deadline).</item>
/// <item><b>Moved earlier.</b> The reminder is due on the nominal date if it is a working day, otherwise on
/// the closest working day before it — never after the nominal date, so never after the deadline.</item>
/// <item><b>Floor.</b> A reminder is never due on the clock's start date or earlier, nor at a send time
/// before the end of a pause it takes into account (a pause ending exactly at the send time is over). If moving earlier would cross that floor,
/// the reminder goes instead to the first working day on or after the floor (the only case where a
/// reminder is later than its nominal date: very short delays, or a pause covering the send time).</item>
/// <item><b>One per day.</b> When several reminders land on the same day, only the one with the largest
/// offset (the most urgent) is kept; the others are dropped from the plan.</item>
/// <item><b>Send time.</b> Due at <see cref="ReminderScheduleOptions.SendTime"/> (08:30) Paris time:
/// 07:30Z in winter, 06:30Z in summer.</item>
/// <item><b>Causality.</b> A reminder takes into account only the pauses that started at or before its
/// due instant; so a reminder already due never moves when a later pause is recorded, and replaying a
/// history gives each reminder once. While a pause it would take into account is still running, the
/// reminder (and every later one) is left out of the plan until the pause ends.</item>
/// <item><b>Still needed.</b> A planned reminder is sent only if, at sending time, the current clock has
/// no targeted response, is not closed, is not paused, and the reminder is still in its plan (a
/// reopening makes the previous clock's reminders obsolete).</item>
/// </list>
/// </remarks>
public sealed class ReminderPlanner
{
    private readonly ReminderScheduleOptions _options;
    private readonly FrenchWorkingCalendar _calendar;

    /// <summary>Creates a planner; the options are validated.</summary>
    public ReminderPlanner(ReminderScheduleOptions options, FrenchWorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(calendar);
        options.Validate();
        _options = options;
        _calendar = calendar;
    }

    /// <summary>
    /// The plan of the current clock with every fact known in <paramref name="clock"/>, ordered by due
    /// instant. It ignores responses and closures (see <see cref="IsStillNeeded"/>); reminders that
    /// depend on a pause still running are left out.
    /// </summary>
    public IReadOnlyList<PlannedReminder> Plan(ResponseClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return PlanUntil(clock, DateTimeOffset.MaxValue);
    }

    /// <summary>
    /// The plan up to the first reminder due after <paramref name="until"/> included; stops there because
    /// a later reminder is on a later day and cannot replace the ones already kept.
    /// </summary>
    private List<PlannedReminder> PlanUntil(ResponseClock clock, DateTimeOffset until)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clock.DelayDays, 1, nameof(clock));

        var startDate = ParisTime.DateOf(clock.CurrentClockStart);
        var pauses = clock.CurrentPauses();
        var keyPrefix = clock.ClockNumber > 1 ? $"C{clock.ClockNumber}-" : "";
        var plan = new List<PlannedReminder>();

        foreach (var (offset, kind) in Offsets(clock.DelayDays))
        {
            if (DueDate(startDate, offset, pauses) is not { } due)
            {
                break; // Waiting for a running pause to end; later reminders would wait too.
            }

            if (plan.Count > 0 && plan[^1].DueAt > until && due > plan[^1].DueDate)
            {
                break;
            }

            var reminder = new PlannedReminder(
                keyPrefix + (kind == ReminderKind.Overdue ? "R" : "J") + offset, kind, offset, due, At(due));

            // Due dates never decrease with the offset, so a same-day collision is with the last one kept.
            if (plan.Count > 0 && plan[^1].DueDate >= due)
            {
                plan.RemoveAt(plan.Count - 1);
            }

            plan.Add(reminder);
        }

        return plan;
    }

    /// <summary>
    /// Reminders due in <c>(fromExclusive, toInclusive]</c> that are still needed at
    /// <paramref name="toInclusive"/>, with the clock as known at <paramref name="toInclusive"/>.
    /// A sweep that calls this with consecutive windows gets each reminder at most once.
    /// </summary>
    public IReadOnlyList<PlannedReminder> DueBetween(
        ResponseClock clock, DateTimeOffset fromExclusive, DateTimeOffset toInclusive)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var known = clock.AsOf(toInclusive);
        if (!ReasonHolds(known, toInclusive))
        {
            return [];
        }

        return [.. PlanUntil(known, toInclusive).Where(r => r.DueAt > fromExclusive && r.DueAt <= toInclusive)];
    }

    /// <summary>
    /// Whether <paramref name="reminder"/> should still be sent at <paramref name="at"/>: with the clock
    /// as known then, no targeted response, not closed, not paused, and the reminder (same key and
    /// date) is still in the plan.
    /// </summary>
    public bool IsStillNeeded(ResponseClock clock, PlannedReminder reminder, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(reminder);
        var known = clock.AsOf(at);
        return ReasonHolds(known, at) && PlanUntil(known, reminder.DueAt).Contains(reminder);
    }

    /// <summary>
    /// The first reminder due strictly after <paramref name="after"/>, for the due-day index; null if the
    /// clock is answered or closed, or if the next reminder waits for a running pause to end. Recompute
    /// it after every change of the clock (response, pause, resume, closure, reopening).
    /// </summary>
    public PlannedReminder? NextDueAfter(ResponseClock clock, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock.IsAnswered || clock.IsClosed ? null : PlanUntil(clock, after).FirstOrDefault(r => r.DueAt > after);
    }

    /// <summary>
    /// The breach of the current clock's deadline, told once to the commissioner: on the day after the deadline
    /// (pauses included, as <see cref="ResponseDeadline"/>), moved to the next working day if that is not one, at the
    /// send time. Key "B{delay + 1}", prefixed with the clock number after a reopening ("C2-B31"), kind
    /// <see cref="ReminderKind.Breach"/>. Null once the clock is answered or closed, or while it is paused.
    /// </summary>
    public PlannedReminder? BreachOf(ResponseClock clock, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var known = clock.AsOf(asOf);
        if (!ReasonHolds(known, asOf))
        {
            return null;
        }
        var deadline = ResponseDeadline.DeadlineOf(known, asOf);
        var due = _calendar.WorkingDayOnOrAfter(deadline.AddDays(1));
        var keyPrefix = known.ClockNumber > 1 ? $"C{known.ClockNumber}-" : "";
        var offset = known.DelayDays + 1;
        return new PlannedReminder($"{keyPrefix}B{offset}", ReminderKind.Breach, offset, due, At(due));
    }

    private static bool ReasonHolds(ResponseClock known, DateTimeOffset at) =>
        !known.IsAnswered && !known.IsClosed && !known.IsPausedAt(at);

    private IEnumerable<(int Offset, ReminderKind Kind)> Offsets(int delay)
    {
        foreach (var offset in _options.UpcomingOffsetsFor(delay))
        {
            yield return (offset, ReminderKind.Upcoming);
        }

        for (var offset = delay; offset <= _options.HorizonDays; offset += _options.OverdueRepeatDays)
        {
            yield return (offset, offset == delay ? ReminderKind.Deadline : ReminderKind.Overdue);
        }
    }

    /// <summary>The due date of one offset, or null while a pause it depends on is still running.</summary>
    private DateOnly? DueDate(DateOnly startDate, int offset, IReadOnlyList<PauseInterval> pauses)
    {
        for (var considered = 0; ; considered++)
        {
            var taken = pauses.Take(considered).ToArray();
            if (taken.Any(p => p.End is null))
            {
                return null;
            }

            var nominal = ClockTimeline.DateAfter(startDate, offset, taken, startDate);
            var floor = taken
                .Select(p => FirstDateWithSendTimeAtOrAfter(p.End!.Value))
                .Append(startDate.AddDays(1))
                .Max();
            var due = _calendar.WorkingDayOnOrBefore(nominal);
            if (due < floor)
            {
                due = _calendar.WorkingDayOnOrAfter(floor);
            }

            if (considered == pauses.Count || pauses[considered].Start > At(due))
            {
                return due;
            }
        }
    }

    private DateOnly FirstDateWithSendTimeAtOrAfter(DateTimeOffset instant)
    {
        var date = ParisTime.DateOf(instant);
        return At(date) >= instant ? date : date.AddDays(1);
    }

    private DateTimeOffset At(DateOnly date) => ParisTime.At(date, _options.SendTime);
}
