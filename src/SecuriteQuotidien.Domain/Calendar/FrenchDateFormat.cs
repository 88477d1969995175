using System.Globalization;

namespace SecuriteQuotidien.Domain.Calendar;

/// <summary>French long dates for cards and messages.</summary>
public static class FrenchDateFormat
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>
    /// "27 décembre 2026": day without leading zero, month name in lower case, four-digit year.
    /// The first day of a month is written "1er" as French typography requires ("1er mai 2026").
    /// </summary>
    public static string Long(DateOnly date)
    {
        var day = date.Day == 1 ? "1er" : date.Day.ToString(French);
        return $"{day} {date.ToString("MMMM yyyy", French)}";
    }

    /// <summary>"d'ici le 27 décembre 2026" — the deadline phrase used on cards.</summary>
    public static string ByDate(DateOnly date) => $"d'ici le {Long(date)}";
}
