namespace SecuriteQuotidien.Domain.Calendar;

/// <summary>
/// Europe/Paris local time: every date the product shows or counts (deadlines, reminder days)
/// is a Paris calendar date, whatever the server's time zone.
/// </summary>
public static class ParisTime
{
    /// <summary>The Europe/Paris zone (IANA id; resolved from the system's tz database).</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The Paris calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>
    /// The instant at which Paris wall-clock time reads <paramref name="localTime"/> on <paramref name="date"/>.
    /// A wall time that does not exist (skipped by the spring DST change) is moved forward by the gap;
    /// an ambiguous one (repeated in autumn) is taken at its first occurrence (summer time).
    /// </summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly localTime)
    {
        var local = date.ToDateTime(localTime, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            var rule = Zone.GetAdjustmentRules().FirstOrDefault(r => r.DateStart <= local && local <= r.DateEnd);
            local = local.Add(rule?.DaylightDelta ?? TimeSpan.FromHours(1));
        }

        var offset = Zone.IsAmbiguousTime(local)
            ? Zone.GetAmbiguousTimeOffsets(local).Max()
            : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Midnight (start of day) of a Paris calendar date, as an instant.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => At(date, TimeOnly.MinValue);
}
