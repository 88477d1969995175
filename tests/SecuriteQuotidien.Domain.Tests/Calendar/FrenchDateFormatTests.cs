using SecuriteQuotidien.Domain.Calendar;

namespace SecuriteQuotidien.Domain.Tests.Calendar;

public class FrenchDateFormatTests
{
    [Theory]
    [InlineData("2026-12-27", "27 décembre 2026")]
    [InlineData("2026-08-05", "5 août 2026")]
    [InlineData("2027-02-09", "9 février 2027")]
    [InlineData("2026-05-01", "1er mai 2026")]
    public void Long_date(string date, string expected)
    {
        Assert.Equal(expected, FrenchDateFormat.Long(DateOnly.Parse(date)));
    }

    [Theory]
    [InlineData("2026-11-16", "2026-11-22", "du 16 au 22 novembre 2026")]
    [InlineData("2026-11-01", "2026-11-15", "du 1er au 15 novembre 2026")]
    [InlineData("2026-08-31", "2026-11-20", "du 31 août au 20 novembre 2026")]
    [InlineData("2025-12-01", "2026-01-15", "du 1er décembre 2025 au 15 janvier 2026")]
    public void Range_writes_the_month_and_the_year_once_when_shared(string from, string to, string expected)
    {
        Assert.Equal(expected, FrenchDateFormat.Range(DateOnly.Parse(from), DateOnly.Parse(to)));
    }

    [Fact]
    public void Deadline_phrase()
    {
        Assert.Equal("d'ici le 27 décembre 2026", FrenchDateFormat.ByDate(new DateOnly(2026, 12, 27)));
    }
}
