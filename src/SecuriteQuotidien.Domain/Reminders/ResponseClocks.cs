using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Reminders;

/// <summary>Builds an issue's <see cref="ResponseClock"/> from its timeline (the events are the source of truth).</summary>
public static class ResponseClocks
{
    /// <summary>
    /// Pauses pair each "paused" with the next "resumed" (a closure also ends a pause, as
    /// <see cref="Issue.Close"/> does); responses, closures and reopenings are taken as recorded.
    /// </summary>
    public static ResponseClock FromTimeline(Issue issue, IEnumerable<IssueEvent> timeline, int delayDays)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(timeline);
        var pauses = new List<PauseInterval>();
        var responses = new List<DateTimeOffset>();
        var closures = new List<DateTimeOffset>();
        var reopenings = new List<DateTimeOffset>();
        DateTimeOffset? pausedSince = null;

        foreach (var e in timeline.OrderBy(e => e.OccurredAt))
        {
            switch (e.Kind)
            {
                case IssueEventKind.Paused:
                    pausedSince ??= e.OccurredAt;
                    break;
                case IssueEventKind.Resumed when pausedSince is { } start:
                    pauses.Add(new PauseInterval(start, e.OccurredAt));
                    pausedSince = null;
                    break;
                case IssueEventKind.ResponseEngaged:
                    responses.Add(e.OccurredAt);
                    break;
                case IssueEventKind.Closed:
                    closures.Add(e.OccurredAt);
                    if (pausedSince is { } pauseStart)
                    {
                        pauses.Add(new PauseInterval(pauseStart, e.OccurredAt));
                        pausedSince = null;
                    }
                    break;
                case IssueEventKind.Reopened:
                    reopenings.Add(e.OccurredAt);
                    break;
            }
        }
        if (pausedSince is { } running)
        {
            pauses.Add(new PauseInterval(running, null));
        }

        return new ResponseClock
        {
            CreatedAt = issue.CreatedAt,
            DelayDays = delayDays,
            Pauses = pauses,
            TargetedResponses = responses,
            Closures = closures,
            Reopenings = reopenings,
        };
    }
}
