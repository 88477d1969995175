using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Bot.Reminders;

/// <summary>Loads an issue's <see cref="ResponseClock"/>: its timeline, mapped by <see cref="ResponseClocks.FromTimeline"/>.</summary>
public sealed class ResponseClockMapper(IDirectory directory, IIssueEventRepository events)
{
    /// <summary>Reads the issue's timeline and maps it; also returns the events for callers that need them.</summary>
    public async Task<(ResponseClock Clock, IReadOnlyList<IssueEvent> Events)> LoadAsync(Issue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken);
        return (ResponseClocks.FromTimeline(issue, timeline, DelayOf(issue)), timeline);
    }

    /// <summary>The category's response delay in days (the default when the category is unknown).</summary>
    public int DelayOf(Issue issue) =>
        directory.FindCategory(issue.CategoryId)?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays;
}
