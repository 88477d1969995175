using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Domain.Tests.Issues;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Domain.Tests.Privacy;

public sealed class RetentionPolicyTests
{
    private const string Referent = DemoPeople.Julien;
    internal const string Key = "clé-de-test-pour-les-pseudonymes-0123456789";
    private static readonly DateTimeOffset Created = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Closed = new(2026, 4, 2, 16, 45, 0, TimeSpan.Zero);

    internal static Issue ClosedIssue(DateTimeOffset closedAt)
    {
        var issue = Issue.Open(IssueLifecycleTests.Draft(), new IssueNumber("05", 2026, 42), Created, new DateOnly(2026, 4, 9)).Issue;
        return issue.Close(Referent, closedAt, IssueOutcome.Resolved).Issue;
    }

    [Fact]
    public void A_closed_issue_is_due_exactly_24_months_after_closure_by_default()
    {
        var policy = new RetentionPolicy(new RetentionOptions());
        var issue = ClosedIssue(Closed);
        var clock = new FakeTimeProvider(Closed.AddMonths(24).AddTicks(-1));

        Assert.Equal(new DateTimeOffset(2028, 4, 2, 16, 45, 0, TimeSpan.Zero), policy.AnonymisationDueAt(issue));
        Assert.False(policy.IsDueForAnonymisation(issue, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(policy.IsDueForAnonymisation(issue, clock.GetUtcNow()));
    }

    [Fact]
    public void The_delay_in_months_is_configurable_and_clamps_to_the_end_of_a_shorter_month()
    {
        var policy = new RetentionPolicy(new RetentionOptions { AnonymiseClosedIssuesAfterMonths = 6 });
        var issue = ClosedIssue(new DateTimeOffset(2026, 8, 31, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2027, 2, 28, 10, 0, 0, TimeSpan.Zero), policy.AnonymisationDueAt(issue));
    }

    [Fact]
    public void Open_reopened_and_already_anonymised_issues_are_not_due()
    {
        var policy = new RetentionPolicy(new RetentionOptions());
        var farFuture = Closed.AddYears(10);
        var open = Issue.Open(IssueLifecycleTests.Draft(), new IssueNumber("05", 2026, 43), Created, new DateOnly(2026, 4, 9)).Issue;
        var reopened = ClosedIssue(Closed).Reopen(Referent, Closed.AddDays(3), "Le problème persiste.").Issue;
        var anonymised = new IssueAnonymiser(new RetentionOptions { PseudonymKey = Key }).Anonymise(ClosedIssue(Closed));

        Assert.Null(policy.AnonymisationDueAt(open));
        Assert.False(policy.IsDueForAnonymisation(open, farFuture));
        Assert.False(policy.IsDueForAnonymisation(reopened, farFuture));
        Assert.False(policy.IsDueForAnonymisation(anonymised, farFuture));
    }

    [Fact]
    public void Processed_activities_and_settled_outbox_messages_are_purged_after_their_delays()
    {
        var policy = new RetentionPolicy(new RetentionOptions { PurgeProcessedActivitiesAfterDays = 2, PurgeSettledOutboxMessagesAfterDays = 30 });
        var now = new FakeTimeProvider(new DateTimeOffset(2026, 5, 31, 12, 0, 0, TimeSpan.Zero)).GetUtcNow();

        Assert.Equal(new DateTimeOffset(2026, 5, 29, 12, 0, 0, TimeSpan.Zero), policy.ProcessedActivityPurgeCutoff(now));
        Assert.True(policy.IsProcessedActivityPurgeable(now.AddDays(-2).AddTicks(-1), now));
        Assert.False(policy.IsProcessedActivityPurgeable(now.AddDays(-2), now));

        Assert.Equal(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero), policy.SettledOutboxPurgeCutoff(now));
        Assert.True(policy.IsSettledOutboxMessagePurgeable(now.AddDays(-30).AddTicks(-1), now));
        Assert.False(policy.IsSettledOutboxMessagePurgeable(now.AddDays(-30), now));
    }

    [Fact]
    public void Defaults_are_24_months_7_days_and_30_days()
    {
        var options = new RetentionOptions();

        Assert.Equal(24, options.AnonymiseClosedIssuesAfterMonths);
        Assert.Equal(7, options.PurgeProcessedActivitiesAfterDays);
        Assert.Equal(30, options.PurgeSettledOutboxMessagesAfterDays);
    }

    [Theory]
    [InlineData(0, 7, 30, null)]
    [InlineData(24, 0, 30, null)]
    [InlineData(24, 7, -1, null)]
    [InlineData(24, 7, 30, "trop-court")]
    public void Nonsensical_options_are_refused(int months, int activityDays, int outboxDays, string? key)
    {
        var options = new RetentionOptions
        {
            AnonymiseClosedIssuesAfterMonths = months,
            PurgeProcessedActivitiesAfterDays = activityDays,
            PurgeSettledOutboxMessagesAfterDays = outboxDays,
            PseudonymKey = key,
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new RetentionPolicy(options));
    }
}
