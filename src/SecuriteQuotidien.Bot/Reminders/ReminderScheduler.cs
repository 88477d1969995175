using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Bot.Reminders;

/// <summary>
/// Writes an issue's next reminder into the due-day index.
/// </summary>
/// <remarks>
/// Index entries are hints, never deleted here: after a change only the new next reminder is added.
/// The sweep re-checks every entry it reads against the current clock (<see cref="ReminderPlanner.DueBetween"/>)
/// and removes it once handled, so a stale entry (the clock moved, was answered or closed) costs one
/// check and is dropped, and a crash between two writes leaves at worst an extra entry, never a
/// missing one. This keeps the scheduler a single idempotent upsert; the clock it plans from is the one kept on the
/// issue (<see cref="Issue.Clock"/>), so rescheduling reads nothing.
/// </remarks>
public sealed class ReminderScheduler(
    ResponseClockMapper mapper, ReminderPlanner planner, IDueDayIndex index, TimeProvider time) : IReminderScheduler
{
    public async Task RescheduleAsync(Issue issue, CancellationToken cancellationToken)
    {
        var clock = await mapper.ClockAsync(issue, cancellationToken);
        await ScheduleNextAsync(issue, clock, time.GetUtcNow(), cancellationToken);
    }

    public async Task ScheduleNewAsync(Issue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var clock = ResponseClocks.FromTimeline(issue, [issue.CreatedEvent()], mapper.DelayOf(issue));
        await ScheduleNextAsync(issue, clock, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Adds the first reminder due strictly after <paramref name="after"/>; returns it (null: none to plan now).</summary>
    public async Task<DueReminder?> ScheduleNextAsync(Issue issue, ResponseClock clock, DateTimeOffset after, CancellationToken cancellationToken)
    {
        if (NextEntry(issue, clock, after) is not { } entry)
        {
            return null;
        }
        await index.AddAsync(entry, cancellationToken);
        return entry;
    }

    /// <summary>The index entry of the first reminder due strictly after <paramref name="after"/> (null: none to plan now); writes nothing.</summary>
    public DueReminder? NextEntry(Issue issue, ResponseClock clock, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(clock);
        if (!issue.IsOpen)
        {
            return null;
        }
        var known = clock.AsOf(after);
        // The breach message to the commissioner wakes the sweep too, between the deadline reminder and the first overdue one.
        var breach = planner.BreachOf(known, after) is { } b && b.DueAt > after ? b : null;
        var reminder = planner.NextDueAfter(known, after);
        if ((breach is not null && (reminder is null || breach.DueAt < reminder.DueAt) ? breach : reminder) is not { } next)
        {
            return null;
        }
        return new DueReminder(next.DueDate, issue.SectorId, issue.Number, next.Key, next.DueAt);
    }

    /// <summary>The index partitions (Paris dates) a sweep at <paramref name="now"/> reads: today and the catch-up days before it.</summary>
    public static IReadOnlyList<DateOnly> SweepDays(DateTimeOffset now, int catchUpDays) => SweepDays(now, catchUpDays, null, 0);

    /// <summary>
    /// As <see cref="SweepDays(DateTimeOffset, int)"/>, but from <paramref name="lastCompleted"/> when that day is
    /// older than the window (a gap in the sweeps), at most <paramref name="maxOutageDays"/> back.
    /// </summary>
    public static IReadOnlyList<DateOnly> SweepDays(DateTimeOffset now, int catchUpDays, DateOnly? lastCompleted, int maxOutageDays)
    {
        var today = ParisTime.DateOf(now);
        var first = today.AddDays(-catchUpDays);
        if (lastCompleted is { } last && last < first)
        {
            var oldest = today.AddDays(-Math.Max(catchUpDays, maxOutageDays));
            first = last < oldest ? oldest : last;
        }
        return [.. Enumerable.Range(0, today.DayNumber - first.DayNumber + 1).Select(first.AddDays)];
    }
}
