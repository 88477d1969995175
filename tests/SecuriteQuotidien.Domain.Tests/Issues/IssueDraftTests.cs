using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Tests.Issues;

public sealed class IssueDraftTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    [Fact]
    public void Valid_draft_has_no_errors()
    {
        Assert.Empty(IssueLifecycleTests.Draft().Validate(Today));
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(2000, true)]
    [InlineData(2001, false)]
    public void Description_must_hold_10_to_2000_characters(int length, bool valid)
    {
        var errors = IssueLifecycleTests.Draft(new string('é', length)).Validate(Today);

        Assert.Equal(valid, !errors.Any(e => e.Field == nameof(IssueDraft.Description)));
    }

    [Fact]
    public void Site_future_date_and_reporter_are_checked()
    {
        var draft = IssueLifecycleTests.Draft() with
        {
            Site = new IssueSite { Detail = "hall B" },
            LastOccurrence = Today.AddDays(1),
            Reporter = new IssueReporter("pas-un-guid", ""),
        };

        var errors = draft.Validate(Today);

        Assert.Contains(errors, e => e.Field == "Site" && e.Message == "Indiquez un lieu connu ou une adresse.");
        Assert.Contains(errors, e => e.Field == "LastOccurrence");
        Assert.Equal(2, errors.Count(e => e.Field == "Reporter"));
        Assert.DoesNotContain(draft.Validate(), e => e.Field == "LastOccurrence");
    }

    [Fact]
    public void Opening_an_invalid_draft_is_refused()
    {
        var error = Assert.Throws<IssueRuleException>(() =>
            Issue.Open(IssueLifecycleTests.Draft("court"), new IssueNumber("05", 2026, 1), DateTimeOffset.UnixEpoch, new DateOnly(2026, 1, 1)));

        Assert.Contains("au moins 10 caractères", error.Message, StringComparison.Ordinal);
    }
}
