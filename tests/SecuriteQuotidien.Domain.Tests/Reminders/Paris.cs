namespace SecuriteQuotidien.Domain.Tests.Reminders;

/// <summary>Test shorthand: Paris wall-clock instants written as "2026-03-02 10:00".</summary>
internal static class Paris
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTimeOffset T(string localDateTime)
    {
        var local = DateTime.Parse(localDateTime, System.Globalization.CultureInfo.InvariantCulture);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    public static DateOnly D(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
}
