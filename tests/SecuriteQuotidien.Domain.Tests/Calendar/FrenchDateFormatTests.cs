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

    [Fact]
    public void Deadline_phrase()
    {
        Assert.Equal("d'ici le 27 décembre 2026", FrenchDateFormat.ByDate(new DateOnly(2026, 12, 27)));
    }
}
