using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>The partner's answer when asked, after a response, whether the problem is settled.</summary>
public enum FollowUpAnswer
{
    /// <summary>Oui.</summary>
    Yes,
    /// <summary>En partie.</summary>
    Partly,
    /// <summary>Non.</summary>
    No,
}

/// <summary>The partner's latest follow-up answer and when it was given.</summary>
public sealed record FollowUpFeedback(FollowUpAnswer Answer, DateTimeOffset At);

public static class FollowUpAnswerLabels
{
    public static string ToFrench(this FollowUpAnswer answer) => answer switch
    {
        FollowUpAnswer.Yes => "Oui",
        FollowUpAnswer.Partly => "En partie",
        FollowUpAnswer.No => "Non",
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, null),
    };
}

/// <summary>
/// What the indicators need to know about one issue, as it stands now. Times are instants; the
/// calculator turns them into Paris dates.
/// </summary>
/// <remarks>
/// A reopened issue is described by its <b>current clock</b> (see <see cref="Reminders.ResponseClock"/>):
/// <see cref="Deadline"/> is the deadline opened by the latest reopening, <see cref="FirstResponseAt"/>
/// the first targeted response recorded since then (null if none yet).
/// </remarks>
public sealed record IssueSnapshot
{
    public required IssueNumber Number { get; init; }
    public required string SectorId { get; init; }
    public required string CategoryId { get; init; }
    public required string ReporterObjectId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The directory's site, when the partner chose one (null for an address typed by hand).</summary>
    public string? SiteId { get; init; }

    /// <summary>The current clock's deadline (Paris date), pauses included (<see cref="Reminders.ResponseDeadline"/>).</summary>
    public required DateOnly Deadline { get; init; }

    public required IssueStatus Status { get; init; }
    public IssueOutcome? Outcome { get; init; }

    /// <summary>Start of the current clock: the latest reopening; null when never reopened (the creation).</summary>
    public DateTimeOffset? ClockStartedAt { get; init; }

    /// <summary>The first targeted response on the current clock.</summary>
    public DateTimeOffset? FirstResponseAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Set while the issue is paused.</summary>
    public DateTimeOffset? PausedAt { get; init; }

    public int ReopenedCount { get; init; }
    public FollowUpFeedback? FollowUp { get; init; }

    /// <summary>The issue's Teams thread, for a link in lists.</summary>
    public ChannelThread? Thread { get; init; }

    public bool IsOpen => Status != IssueStatus.Closed;
    public bool IsPaused => PausedAt is not null;
    public DateTimeOffset CurrentClockStart => ClockStartedAt ?? CreatedAt;

    /// <summary>
    /// The snapshot of an issue and its timeline: reopenings and responses are read from the events so that
    /// a reopened issue is judged on its current clock.
    /// </summary>
    /// <param name="currentDeadline">The current clock's deadline when it differs from <see cref="Issue.Deadline"/>
    /// (after a reopening or a pause: <see cref="Reminders.ResponseDeadline.DeadlineOf"/>).</param>
    public static IssueSnapshot From(Issue issue, IEnumerable<IssueEvent> timeline, FollowUpFeedback? followUp = null,
        DateOnly? currentDeadline = null)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(timeline);
        var events = timeline as IReadOnlyCollection<IssueEvent> ?? [.. timeline];
        return Of(issue,
            [.. events.Where(e => e.Kind == IssueEventKind.Reopened).Select(e => e.OccurredAt)],
            events.Where(e => e.Kind == IssueEventKind.ResponseEngaged).Select(e => e.OccurredAt),
            followUp, currentDeadline ?? issue.Deadline);
    }

    /// <summary>
    /// The snapshot of an issue as it stands at <paramref name="now"/>, from the issue alone: its clock
    /// (<see cref="Issue.Clock"/>, empty if unknown), its stored fields and its follow-up answer. The deadline is the
    /// stored one unless the clock was paused or reopened; then it is the current clock's
    /// (<see cref="ResponseDeadline.DeadlineOf"/>), a running pause counting up to <paramref name="now"/>'s date. An issue
    /// marked paused whose clock has no running pause (written without its events) is taken as paused since
    /// <see cref="Issue.PausedAt"/>.
    /// </summary>
    public static IssueSnapshot FromIssue(Issue issue, int delayDays, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var facts = issue.Clock ?? IssueClock.Empty;
        var clock = ClockOf(issue, facts, delayDays);
        var deadline = clock.Pauses.Count == 0 && clock.Reopenings.Count == 0 ? issue.Deadline : ResponseDeadline.DeadlineOf(clock, now);
        return Of(issue, facts.Reopenings, facts.Responses, issue.FollowUp, deadline);
    }

    /// <summary>The response clock the status judges an issue on: its facts, the running pause only while it is paused.</summary>
    internal static ResponseClock ClockOf(Issue issue, IssueClock facts, int delayDays)
    {
        var clock = facts.ToResponseClock(issue.CreatedAt, delayDays);
        var closedPauses = clock.Pauses.Where(p => p.End is not null);
        return clock with
        {
            Pauses = issue.PausedAt is { } pausedAt
                ? [.. closedPauses, new PauseInterval(facts.RunningPauseStart ?? pausedAt, null)]
                : [.. closedPauses],
        };
    }

    private static IssueSnapshot Of(Issue issue, IReadOnlyCollection<DateTimeOffset> reopenings, IEnumerable<DateTimeOffset> responses,
        FollowUpFeedback? followUp, DateOnly deadline)
    {
        DateTimeOffset? clockStart = reopenings.Count == 0 ? null : reopenings.Max();
        var start = clockStart ?? issue.CreatedAt;
        var current = responses.Where(r => r >= start).Select(r => (DateTimeOffset?)r);
        var issueResponse = issue.FirstResponseAt >= start ? issue.FirstResponseAt : null;

        return new IssueSnapshot
        {
            Number = issue.Number,
            SectorId = issue.SectorId,
            CategoryId = issue.CategoryId,
            ReporterObjectId = issue.Reporter.ObjectId,
            CreatedAt = issue.CreatedAt,
            SiteId = issue.Site.SiteId,
            Deadline = deadline,
            Status = issue.Status,
            Outcome = issue.Outcome,
            ClockStartedAt = clockStart,
            FirstResponseAt = current.Append(issueResponse).Min(),
            ClosedAt = issue.ClosedAt,
            PausedAt = issue.PausedAt,
            ReopenedCount = reopenings.Count,
            FollowUp = followUp,
            Thread = issue.Thread,
        };
    }
}
