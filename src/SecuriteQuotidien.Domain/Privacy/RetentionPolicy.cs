using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Privacy;

/// <summary>
/// Decides when stored data is due to be anonymised or deleted. Pure: the caller passes "now"
/// (from its <see cref="TimeProvider"/>) and does the storage work.
/// </summary>
public sealed class RetentionPolicy
{
    private readonly RetentionOptions _options;

    public RetentionPolicy(RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>
    /// When a closed issue becomes due for anonymisation: its closing instant plus
    /// <see cref="RetentionOptions.AnonymiseClosedIssuesAfterMonths"/> calendar months (the day clamped to the
    /// month's end, e.g. 31 August → 28 or 29 February). Null for an open (or reopened) issue.
    /// </summary>
    public DateTimeOffset? AnonymisationDueAt(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return issue is { Status: IssueStatus.Closed, ClosedAt: { } closedAt }
            ? closedAt.AddMonths(_options.AnonymiseClosedIssuesAfterMonths)
            : null;
    }

    /// <summary>True when the issue is closed, not yet anonymised, and its due instant is at or before <paramref name="now"/>.</summary>
    public bool IsDueForAnonymisation(Issue issue, DateTimeOffset now) =>
        AnonymisationDueAt(issue) is { } due && due <= now && !IssueAnonymiser.IsAnonymised(issue);

    /// <summary>Processed-activity ids recorded before this instant may be deleted.</summary>
    public DateTimeOffset ProcessedActivityPurgeCutoff(DateTimeOffset now) =>
        now.AddDays(-_options.PurgeProcessedActivitiesAfterDays);

    /// <summary>Outbox messages that were sent or failed before this instant may be deleted.</summary>
    public DateTimeOffset SettledOutboxPurgeCutoff(DateTimeOffset now) =>
        now.AddDays(-_options.PurgeSettledOutboxMessagesAfterDays);

    /// <summary>True when a processed-activity id recorded at <paramref name="processedAt"/> may be deleted.</summary>
    public bool IsProcessedActivityPurgeable(DateTimeOffset processedAt, DateTimeOffset now) =>
        processedAt < ProcessedActivityPurgeCutoff(now);

    /// <summary>True when an outbox message settled (sent or failed) at <paramref name="settledAt"/> may be deleted.</summary>
    public bool IsSettledOutboxMessagePurgeable(DateTimeOffset settledAt, DateTimeOffset now) =>
        settledAt < SettledOutboxPurgeCutoff(now);
}
