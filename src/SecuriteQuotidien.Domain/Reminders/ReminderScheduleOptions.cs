namespace SecuriteQuotidien.Domain.Reminders;

/// <summary>
/// When reminders ("relances") are sent. Bind from configuration section <see cref="SectionName"/>.
/// </summary>
public sealed record ReminderScheduleOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Reminders";

    /// <summary>
    /// The upcoming reminders used when none are configured, in percent of the category's delay: 50 %, 75 %
    /// and 90 % (J+15, J+23, J+27 for 30 days; J+8, J+11, J+14 for 15 days; J+23, J+34, J+41 for 45 days).
    /// </summary>
    public static IReadOnlyList<int> DefaultUpcomingPercentages { get; } = [50, 75, 90];

    /// <summary>
    /// Reminders before the deadline, in percent of the category's delay (1 to 99); null means
    /// <see cref="DefaultUpcomingPercentages"/>. Percentage p stands for clock day round(delay × p / 100),
    /// halves rounded up; days of 0 or less, or not before the delay, are left out for that issue.
    /// </summary>
    /// <remarks>
    /// Null by default, not a list, because the configuration binder appends configured items to a
    /// non-empty default collection instead of replacing it.
    /// </remarks>
    public IReadOnlyList<int>? UpcomingPercentages { get; init; }

    /// <summary>
    /// Fixed upcoming reminders, in clock days after the clock's start, the same for every category; when set
    /// they replace <see cref="UpcomingPercentages"/>. Null by default. Offsets of 0 or less, or not before
    /// the category's delay, are ignored for that issue.
    /// </summary>
    public IReadOnlyList<int>? UpcomingOffsetDays { get; init; }

    /// <summary>The percentages in force: <see cref="UpcomingPercentages"/> or the defaults.</summary>
    public IReadOnlyList<int> EffectiveUpcomingPercentages => UpcomingPercentages ?? DefaultUpcomingPercentages;

    /// <summary>
    /// The upcoming offsets of a category of <paramref name="delayDays"/> days, in increasing order, each in
    /// <c>[1, delay - 1]</c>, without repeats.
    /// </summary>
    public IReadOnlyList<int> UpcomingOffsetsFor(int delayDays)
    {
        var offsets = UpcomingOffsetDays
            ?? [.. EffectiveUpcomingPercentages.Select(p => (int)Math.Round(delayDays * p / 100m, MidpointRounding.AwayFromZero))];
        return [.. offsets.Where(o => o > 0 && o < delayDays).Distinct().Order()];
    }

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

        if (UpcomingPercentages is { } percentages && percentages.Any(p => p is < 1 or > 99))
        {
            throw new ArgumentOutOfRangeException(nameof(UpcomingPercentages), string.Join(", ", percentages),
                "Each percentage must be between 1 and 99.");
        }
    }
}
