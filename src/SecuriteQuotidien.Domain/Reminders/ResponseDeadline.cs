using SecuriteQuotidien.Domain.Calendar;

namespace SecuriteQuotidien.Domain.Reminders;

/// <summary>Where an issue stands against its response deadline on a given Paris date.</summary>
/// <param name="Deadline">The "échéance": the last Paris calendar date of the delay.</param>
/// <param name="Today">The Paris date the status was computed for.</param>
public sealed record DeadlineStatus(DateOnly Deadline, DateOnly Today)
{
    /// <summary>Calendar days from today to the deadline: 0 on the deadline day, negative once overdue.</summary>
    public int DaysLeft => Deadline.DayNumber - Today.DayNumber;

    /// <summary>Calendar days past the deadline (1 the day after it); 0 while not overdue.</summary>
    public int DaysOverdue => Math.Max(0, -DaysLeft);

    /// <summary>Overdue from the day after the deadline; the deadline day itself is still in time.</summary>
    public bool IsOverdue => DaysLeft < 0;
}

/// <summary>
/// The response deadline ("échéance J+30").
/// </summary>
/// <remarks>
/// Rules:
/// <list type="number">
/// <item>Deadline = Paris date of the current clock's start + <see cref="ResponseClock.DelayDays"/>
/// calendar days (weekends and holidays count; the deadline itself may fall on any day).</item>
/// <item>The current clock starts at creation, or at the latest reopening (a new full delay from the
/// reopening's Paris date).</item>
/// <item>Pauses extend the deadline by the Paris calendar dates they remove (see
/// <see cref="ClockTimeline"/>: midnights crossed while paused). Only pauses that started before the
/// deadline date count: pausing an issue on or after its deadline day does not move the deadline.
/// A pause still running counts up to the evaluation date included, so the deadline slides day by day
/// while paused.</item>
/// <item>Days left / overdue are whole Paris calendar days between the evaluation date and the
/// deadline, so DST changes never shift them.</item>
/// </list>
/// </remarks>
public static class ResponseDeadline
{
    /// <summary>The deadline of the current clock as known at <paramref name="asOf"/>.</summary>
    public static DateOnly DeadlineOf(ResponseClock clock, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var known = clock.AsOf(asOf);
        var startDate = ParisTime.DateOf(known.CurrentClockStart);
        var pauses = known.CurrentPauses();
        var today = ParisTime.DateOf(asOf);

        // Take pauses in start order while they start before the (growing) deadline date.
        var considered = 0;
        var deadline = ClockTimeline.DateAfter(startDate, known.DelayDays, [], today);
        while (considered < pauses.Count && ParisTime.DateOf(pauses[considered].Start) < deadline)
        {
            considered++;
            deadline = ClockTimeline.DateAfter(startDate, known.DelayDays, pauses.Take(considered), today);
        }

        return deadline;
    }

    /// <summary>Deadline, days left and days overdue at <paramref name="asOf"/> (Paris dates).</summary>
    public static DeadlineStatus StatusAt(ResponseClock clock, DateTimeOffset asOf) =>
        new(DeadlineOf(clock, asOf), ParisTime.DateOf(asOf));
}
