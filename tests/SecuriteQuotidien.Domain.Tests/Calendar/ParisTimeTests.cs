using SecuriteQuotidien.Domain.Calendar;

namespace SecuriteQuotidien.Domain.Tests.Calendar;

public class ParisTimeTests
{
    [Theory]
    [InlineData("2026-01-15", "2026-01-15T07:30:00Z")] // winter, UTC+1
    [InlineData("2026-07-15", "2026-07-15T06:30:00Z")] // summer, UTC+2
    [InlineData("2026-03-29", "2026-03-29T06:30:00Z")] // the spring DST Sunday
    [InlineData("2026-10-25", "2026-10-25T07:30:00Z")] // the autumn DST Sunday
    public void Half_past_eight_in_Paris(string date, string expectedUtc)
    {
        var instant = ParisTime.At(DateOnly.Parse(date), new TimeOnly(8, 30));

        Assert.Equal(DateTimeOffset.Parse(expectedUtc), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Fact]
    public void A_wall_time_skipped_in_spring_moves_forward_by_the_gap()
    {
        // 02:30 does not exist on 29 March 2026: it becomes 03:30 summer time.
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:30:00Z"), ParisTime.At(new DateOnly(2026, 3, 29), new TimeOnly(2, 30)));
    }

    [Fact]
    public void A_wall_time_repeated_in_autumn_is_its_first_occurrence()
    {
        Assert.Equal(DateTimeOffset.Parse("2026-10-25T00:30:00Z"), ParisTime.At(new DateOnly(2026, 10, 25), new TimeOnly(2, 30)));
    }

    [Theory]
    [InlineData("2026-12-31T22:30:00Z", "2026-12-31")] // 23:30 in Paris
    [InlineData("2026-12-31T23:30:00Z", "2027-01-01")] // 00:30 in Paris, still 31 Dec in UTC
    [InlineData("2026-06-30T22:30:00Z", "2026-07-01")] // 00:30 summer time
    [InlineData("2026-06-30T21:59:59Z", "2026-06-30")]
    public void Paris_date_of_an_instant(string instant, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), ParisTime.DateOf(DateTimeOffset.Parse(instant)));
    }
}
