using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Reminders;

/// <summary>Builds an issue's <see cref="ResponseClock"/> from its timeline (the events are the source of truth).</summary>
public static class ResponseClocks
{
    /// <summary>
    /// The clock a timeline records (<see cref="IssueClock.FromTimeline"/>): pauses pair each "paused" with the next
    /// "resumed" (a closure also ends a pause, as <see cref="Issue.Close"/> does); responses, closures and reopenings
    /// are taken as recorded.
    /// </summary>
    public static ResponseClock FromTimeline(Issue issue, IEnumerable<IssueEvent> timeline, int delayDays)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return IssueClock.FromTimeline(timeline).ToResponseClock(issue.CreatedAt, delayDays);
    }
}
