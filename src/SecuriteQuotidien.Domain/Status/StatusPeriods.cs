using System.Globalization;
using SecuriteQuotidien.Domain.Calendar;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>
/// The periods a status request can name, as Paris calendar dates with their French labels.
/// Calendar periods are whole ("ce mois-ci" is the 1st to the last day of the month), so a
/// label never changes within the period; facts cannot lie in the future anyway.
/// </summary>
public static class StatusPeriods
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>"ce mois-ci (novembre 2026)".</summary>
    public static StatusPeriod ThisMonth(DateOnly today) =>
        Month(today.Year, today.Month, "ce mois-ci");

    /// <summary>"le mois dernier (octobre 2026)".</summary>
    public static StatusPeriod LastMonth(DateOnly today)
    {
        var previous = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return Month(previous.Year, previous.Month, "le mois dernier");
    }

    /// <summary>"ce trimestre (octobre à décembre 2026)".</summary>
    public static StatusPeriod ThisQuarter(DateOnly today)
    {
        var firstMonth = (today.Month - 1) / 3 * 3 + 1;
        var from = new DateOnly(today.Year, firstMonth, 1);
        var to = from.AddMonths(3).AddDays(-1);
        return new StatusPeriod(from, to,
            $"ce trimestre ({MonthName(from)} à {MonthName(to)} {today.Year.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>"cette année (depuis le 1er janvier 2026)": 1 January to 31 December.</summary>
    public static StatusPeriod ThisYear(DateOnly today) =>
        new(new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31),
            $"cette année (depuis le {FrenchDateFormat.Long(new DateOnly(today.Year, 1, 1))})");

    /// <summary>Weeks of <see cref="LastWeeks"/> in the default period of a « point ».</summary>
    public const int DefaultWeeks = 12;

    /// <summary>
    /// "les 12 dernières semaines (du 31 août au 20 novembre 2026)": the current week (Monday to today) and
    /// the <paramref name="weeks"/> - 1 whole weeks before it. The default period of a « point »: it always
    /// covers as much time, whatever the day (on 8 January, "this year" would be one week).
    /// </summary>
    public static StatusPeriod LastWeeks(DateOnly today, int weeks = DefaultWeeks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        var from = MondayOf(today).AddDays(-7 * (weeks - 1));
        var name = weeks == 1 ? "cette semaine" : $"les {weeks.ToString(CultureInfo.InvariantCulture)} dernières semaines";
        return new StatusPeriod(from, today, $"{name} ({FromTo(from, today)})");
    }

    /// <summary>The Monday of the week (Monday to Sunday) holding <paramref name="day"/>.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>"cette semaine (du 16 au 22 novembre 2026)": Monday to Sunday.</summary>
    public static StatusPeriod ThisWeek(DateOnly today)
    {
        var monday = MondayOf(today);
        var sunday = monday.AddDays(6);
        return new StatusPeriod(monday, sunday, $"cette semaine ({FromTo(monday, sunday)})");
    }

    /// <summary>"les 7 derniers jours (du 14 au 20 novembre 2026)": today and the days before it.</summary>
    public static StatusPeriod LastDays(DateOnly today, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var from = today.AddDays(1 - days);
        return new StatusPeriod(from, today,
            $"les {days.ToString(CultureInfo.InvariantCulture)} derniers jours ({FromTo(from, today)})");
    }

    /// <summary>"depuis le 1er septembre 2026": the date to today.</summary>
    public static StatusPeriod Since(DateOnly from, DateOnly today) =>
        new(from, today, $"depuis le {FrenchDateFormat.Long(from)}");

    /// <summary>"du 1er septembre au 15 octobre 2026".</summary>
    public static StatusPeriod Between(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException("La date de fin précède la date de début.", nameof(to));
        }
        return new StatusPeriod(from, to, FromTo(from, to));
    }

    private static StatusPeriod Month(int year, int month, string name)
    {
        var from = new DateOnly(year, month, 1);
        return new StatusPeriod(from, from.AddMonths(1).AddDays(-1), $"{name} ({from.ToString("MMMM yyyy", French)})");
    }

    private static string MonthName(DateOnly date) => date.ToString("MMMM", French);

    private static string FromTo(DateOnly from, DateOnly to) => FrenchDateFormat.Range(from, to);
}
