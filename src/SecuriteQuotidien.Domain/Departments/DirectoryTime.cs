namespace SecuriteQuotidien.Domain.Departments;

/// <summary>Dates as the department lives them (its time zone).</summary>
public static class DirectoryTime
{
    /// <summary>The department's local date at <paramref name="instant"/>.</summary>
    public static DateOnly LocalDateOf(this IDirectory directory, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, directory.TimeZone).DateTime);
    }
}
