using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Bot.Reminders;

/// <summary>
/// Builds an issue's <see cref="ResponseClock"/>: from the facts kept on the issue (<see cref="Issue.Clock"/>), or, for an
/// issue stored before they were, from its timeline (<see cref="ResponseClocks.FromTimeline"/>; the events record the same facts).
/// </summary>
public sealed class ResponseClockMapper(IDirectory directory, IIssueEventRepository events)
{
    /// <summary>The issue's clock; reads the timeline only for an issue stored without its clock.</summary>
    public async Task<ResponseClock> ClockAsync(Issue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        if (issue.Clock is { } facts)
        {
            return facts.ToResponseClock(issue.CreatedAt, DelayOf(issue));
        }
        var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken);
        return ResponseClocks.FromTimeline(issue, timeline, DelayOf(issue));
    }

    /// <summary>The category's response delay in days (the default when the category is unknown).</summary>
    public int DelayOf(Issue issue) =>
        directory.FindCategory(issue.CategoryId)?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays;
}
