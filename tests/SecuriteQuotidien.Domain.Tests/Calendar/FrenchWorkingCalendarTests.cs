using SecuriteQuotidien.Domain.Calendar;

namespace SecuriteQuotidien.Domain.Tests.Calendar;

public class FrenchWorkingCalendarTests
{
    private static readonly FrenchWorkingCalendar Calendar = FrenchWorkingCalendar.Default;

    // The eleven national holidays, written out by hand (not computed) for 2026–2028.
    public static TheoryData<string> Holidays2026And2027 =>
    [
        "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
        "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25",
        "2027-01-01", "2027-03-29", "2027-05-01", "2027-05-08", "2027-05-06", "2027-05-17",
        "2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25",
    ];

    [Theory]
    [MemberData(nameof(Holidays2026And2027))]
    public void Public_holidays_are_not_working_days(string date)
    {
        var day = DateOnly.Parse(date);

        Assert.True(Calendar.IsPublicHoliday(day));
        Assert.False(Calendar.IsWorkingDay(day));
    }

    [Theory]
    [InlineData(2026, "2026-01-01,2026-04-06,2026-05-01,2026-05-08,2026-05-14,2026-05-25,2026-07-14,2026-08-15,2026-11-01,2026-11-11,2026-12-25")]
    [InlineData(2027, "2027-01-01,2027-03-29,2027-05-01,2027-05-06,2027-05-08,2027-05-17,2027-07-14,2027-08-15,2027-11-01,2027-11-11,2027-12-25")]
    [InlineData(2028, "2028-01-01,2028-04-17,2028-05-01,2028-05-08,2028-05-25,2028-06-05,2028-07-14,2028-08-15,2028-11-01,2028-11-11,2028-12-25")]
    public void The_holiday_list_is_exactly_the_eleven_national_holidays(int year, string expected)
    {
        var expectedDates = expected.Split(',').Select(DateOnly.Parse);

        Assert.Equal(expectedDates, Calendar.PublicHolidays(year));
    }

    [Theory]
    [InlineData("2026-03-02")] // Monday
    [InlineData("2026-04-03")] // Good Friday: a holiday only in Alsace-Moselle
    [InlineData("2026-04-07")] // the day after Easter Monday
    [InlineData("2026-07-15")]
    [InlineData("2026-12-24")]
    [InlineData("2026-12-31")]
    [InlineData("2027-05-07")] // the Friday between Ascension and the 8 May weekend
    public void Ordinary_weekdays_are_working_days(string date)
    {
        Assert.True(Calendar.IsWorkingDay(DateOnly.Parse(date)));
    }

    [Theory]
    [InlineData("2026-03-07")]
    [InlineData("2026-03-08")]
    [InlineData("2027-01-02")]
    [InlineData("2027-01-03")]
    public void Weekends_are_not_working_days(string date)
    {
        var day = DateOnly.Parse(date);

        Assert.False(Calendar.IsPublicHoliday(day));
        Assert.False(Calendar.IsWorkingDay(day));
    }

    [Theory]
    [InlineData("2026-04-06", "2026-04-03", "2026-04-07")] // Easter Monday: Friday before, Tuesday after
    [InlineData("2026-08-15", "2026-08-14", "2026-08-17")] // a Saturday holiday
    [InlineData("2026-12-25", "2026-12-24", "2026-12-28")]
    [InlineData("2026-03-04", "2026-03-04", "2026-03-04")] // a working day is its own answer
    public void Nearest_working_days(string date, string onOrBefore, string onOrAfter)
    {
        var day = DateOnly.Parse(date);

        Assert.Equal(DateOnly.Parse(onOrBefore), Calendar.WorkingDayOnOrBefore(day));
        Assert.Equal(DateOnly.Parse(onOrAfter), Calendar.WorkingDayOnOrAfter(day));
    }
}
