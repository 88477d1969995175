using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Tests.Issues;

public sealed class IssueNumberTests
{
    [Theory]
    [InlineData("05-2026-0042", "05", 2026, 42)]
    [InlineData("2A-2027-0001", "2A", 2027, 1)]
    [InlineData("971-2026-12345", "971", 2026, 12345)]
    public void Parses_and_formats_back(string text, string department, int year, int sequence)
    {
        var number = IssueNumber.Parse(text);

        Assert.Equal(new IssueNumber(department, year, sequence), number);
        Assert.Equal(text, number.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("05-2026-42")]
    [InlineData("5-2026-0042")]
    [InlineData("05-26-0042")]
    [InlineData("05-2026-0000")]
    [InlineData("05/2026/0042")]
    [InlineData(null)]
    public void Rejects_malformed_numbers(string? text)
    {
        Assert.False(IssueNumber.TryParse(text, out _));
        Assert.Throws<FormatException>(() => IssueNumber.Parse(text!));
    }

    [Fact]
    public void Formats_the_sequence_on_four_digits()
    {
        Assert.Equal("05-2026-0007", new IssueNumber("05", 2026, 7).ToString());
    }

    [Fact]
    public void Orders_by_department_year_then_sequence()
    {
        var numbers = new[] { IssueNumber.Parse("05-2027-0001"), IssueNumber.Parse("05-2026-0010"), IssueNumber.Parse("05-2026-0002") };

        Assert.Equal(["05-2026-0002", "05-2026-0010", "05-2027-0001"], numbers.Order().Select(n => n.ToString()));
    }
}
