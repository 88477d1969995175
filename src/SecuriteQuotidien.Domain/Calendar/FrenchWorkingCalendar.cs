using System.Collections.Concurrent;
using PublicHoliday;

namespace SecuriteQuotidien.Domain.Calendar;

/// <summary>
/// Working days in metropolitan France: Monday to Friday, except the eleven national public holidays
/// (1 January, Easter Monday, 1 May, 8 May, Ascension Thursday, Whit Monday, 14 July, 15 August,
/// 1 November, 11 November, 25 December). Alsace-Moselle and overseas holidays are not included
/// (Hautes-Alpes is the first user; another region would be a new <see cref="FrenchWorkingCalendar"/> setting).
/// </summary>
/// <remarks>
/// The holiday list comes from the PublicHoliday package (<see cref="FrancePublicHoliday"/>, official
/// metropolitan list, Whit Monday included). For 2026–2028 it matches the list above exactly
/// (checked by tests); should the package ever differ, <see cref="HolidaysOf"/> is the one place to correct it.
/// Thread-safe; holidays are computed once per year.
/// </remarks>
public sealed class FrenchWorkingCalendar
{
    private readonly FrancePublicHoliday _source = new();
    private readonly ConcurrentDictionary<int, FrozenHolidays> _byYear = new();

    /// <summary>The shared instance (the calendar has no settings).</summary>
    public static FrenchWorkingCalendar Default { get; } = new();

    /// <summary>The national public holidays of a year, in date order.</summary>
    public IReadOnlyList<DateOnly> PublicHolidays(int year) => HolidaysOf(year).Ordered;

    /// <summary>Whether the date is a national public holiday (whatever its day of week).</summary>
    public bool IsPublicHoliday(DateOnly date) => HolidaysOf(date.Year).Set.Contains(date);

    /// <summary>Whether the date is a working day: Monday–Friday and not a public holiday.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsPublicHoliday(date);

    /// <summary>The date itself if it is a working day, otherwise the closest working day before it.</summary>
    public DateOnly WorkingDayOnOrBefore(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    /// <summary>The date itself if it is a working day, otherwise the closest working day after it.</summary>
    public DateOnly WorkingDayOnOrAfter(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    private FrozenHolidays HolidaysOf(int year) => _byYear.GetOrAdd(year, y =>
    {
        // The package's official metropolitan list is exactly the one documented above; no correction needed.
        var dates = _source.PublicHolidays(y).Select(DateOnly.FromDateTime).Order().ToArray();
        return new FrozenHolidays(dates, dates.ToHashSet());
    });

    private sealed record FrozenHolidays(IReadOnlyList<DateOnly> Ordered, HashSet<DateOnly> Set);
}
