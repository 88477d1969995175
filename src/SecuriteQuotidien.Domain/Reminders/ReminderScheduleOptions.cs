namespace SecuriteQuotidien.Domain.Reminders;

/// <summary>
/// When reminders ("relances") are sent. Bind from configuration section <see cref="SectionName"/>.
/// </summary>
public sealed record ReminderScheduleOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Reminders";

    /// <summary>
    /// Reminders before the deadline, in clock days after the clock's start (default J+15, J+23, J+28).
    /// Offsets of 0 or less, or not before the category's delay, are ignored for that issue.
    /// </summary>
    public IReadOnlyList<int> UpcomingOffsetDays { get; init; } = [15, 23, 28];

    /// <summary>While overdue, a reminder every this many clock days after the deadline (default 7).</summary>
    public int OverdueRepeatDays { get; init; } = 7;

    /// <summary>Paris wall-clock time at which reminders are due (default 08:30).</summary>
    public TimeOnly SendTime { get; init; } = new(8, 30);

    /// <summary>
    /// The plan stops at this many clock days after the clock's start (default 365): an issue ignored
    /// for a year gets no more overdue reminders; the weekly digest still lists it.
    /// </summary>
    public int HorizonDays { get; init; } = 365;

    /// <summary>Throws if the options cannot produce a sensible plan.</summary>
    public void Validate()
    {
        if (OverdueRepeatDays < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(OverdueRepeatDays), OverdueRepeatDays, "Must be at least 1 day.");
        }

        if (HorizonDays < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HorizonDays), HorizonDays, "Must be at least 1 day.");
        }

        ArgumentNullException.ThrowIfNull(UpcomingOffsetDays);
    }
}
