namespace SecuriteQuotidien.Domain.Reminders;

/// <summary>
/// When reminders ("relances") are sent. Bind from configuration section <see cref="SectionName"/>.
/// </summary>
public sealed record ReminderScheduleOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Reminders";

    /// <summary>The upcoming offsets used when none are configured: J+15, J+23, J+28.</summary>
    public static IReadOnlyList<int> DefaultUpcomingOffsetDays { get; } = [15, 23, 28];

    /// <summary>
    /// Reminders before the deadline, in clock days after the clock's start; null means
    /// <see cref="DefaultUpcomingOffsetDays"/>. Offsets of 0 or less, or not before the category's delay,
    /// are ignored for that issue.
    /// </summary>
    /// <remarks>
    /// Null by default, not a list, because the configuration binder appends configured items to a
    /// non-empty default collection instead of replacing it.
    /// </remarks>
    public IReadOnlyList<int>? UpcomingOffsetDays { get; init; }

    /// <summary>The upcoming offsets in force: <see cref="UpcomingOffsetDays"/> or the defaults.</summary>
    public IReadOnlyList<int> EffectiveUpcomingOffsetDays => UpcomingOffsetDays ?? DefaultUpcomingOffsetDays;

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
    }
}
