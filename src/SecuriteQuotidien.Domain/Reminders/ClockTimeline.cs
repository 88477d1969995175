using SecuriteQuotidien.Domain.Calendar;

namespace SecuriteQuotidien.Domain.Reminders;

/// <summary>
/// Counts "clock days" on the Paris calendar. A date counts as one clock day unless the clock was
/// paused when that date began; so a pause from instant s to instant e removes the Paris dates
/// after date(s) up to and including date(e) — the number of Paris midnights crossed while paused.
/// A pause that starts and ends on the same date removes nothing.
/// </summary>
internal static class ClockTimeline
{
    /// <summary>
    /// The date on which <paramref name="clockDays"/> clock days have elapsed since
    /// <paramref name="startDate"/>, with the given pauses; a pause without end is taken to run to
    /// <paramref name="openPauseEnd"/> (inclusive).
    /// </summary>
    public static DateOnly DateAfter(
        DateOnly startDate, int clockDays, IEnumerable<PauseInterval> pauses, DateOnly openPauseEnd)
    {
        var removed = new HashSet<DateOnly>();
        foreach (var pause in pauses)
        {
            var last = pause.End is { } end ? ParisTime.DateOf(end) : openPauseEnd;
            for (var d = ParisTime.DateOf(pause.Start).AddDays(1); d <= last; d = d.AddDays(1))
            {
                removed.Add(d);
            }
        }

        var date = startDate;
        for (var counted = 0; counted < clockDays;)
        {
            date = date.AddDays(1);
            if (!removed.Contains(date))
            {
                counted++;
            }
        }

        return date;
    }
}
