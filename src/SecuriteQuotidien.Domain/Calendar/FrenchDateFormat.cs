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

    /// <summary>
    /// "du 16 au 22 novembre 2026", "du 31 août au 20 novembre 2026", "du 1er décembre 2025 au 15 janvier 2026":
    /// the month and the year are written once when both ends share them.
    /// </summary>
    public static string Range(DateOnly from, DateOnly to)
    {
        var start = from.Year != to.Year ? Long(from)
            : from.Month != to.Month ? Long(from)[..^5]
            : from.Day == 1 ? "1er" : from.Day.ToString(French);
        return $"du {start} au {Long(to)}";
    }

    /// <summary>"d'ici le 27 décembre 2026" — the deadline phrase used on cards.</summary>
    public static string ByDate(DateOnly date) => $"d'ici le {Long(date)}";
}
