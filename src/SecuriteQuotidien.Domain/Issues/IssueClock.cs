using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Domain.Issues;

/// <summary>The last reminder posted for an issue, as recorded on the issue by the reminder sweep.</summary>
public sealed record SentReminder(string Key, DateTimeOffset At)
{
    /// <summary>The id prefix of the timeline event recording a reminder: "reminder:J15".</summary>
    public const string EventIdPrefix = "reminder:";
}

/// <summary>
/// The facts of an issue's response clock — pauses, targeted responses, closures, reopenings, as instants — kept on
/// the issue itself and changed by its transitions, so that whoever needs the clock (the reminder sweep, the status
/// totals) reads the issue and not its timeline. The same facts the timeline records: <see cref="FromTimeline"/>
/// rebuilds them from the events (for an issue stored before the clock was kept on it), and both give the same
/// <see cref="ResponseClock"/>.
/// </summary>
/// <remarks>
/// At most one pause is running (<see cref="PauseInterval.End"/> null), the last one: a pause starts only when none
/// runs, and a resume or a closure ends it — the rules of <see cref="Issue.Pause"/>, <see cref="Issue.Resume"/> and
/// <see cref="Issue.Close"/>. Value equality compares the lists item by item.
/// </remarks>
public sealed record IssueClock
{
    public static IssueClock Empty { get; } = new();

    /// <summary>Pauses in the order they started; only the last may still be running.</summary>
    public IReadOnlyList<PauseInterval> Pauses { get; init; } = [];

    /// <summary>Instants of every targeted response, across reopenings.</summary>
    public IReadOnlyList<DateTimeOffset> Responses { get; init; } = [];

    /// <summary>Instants of every closure, across reopenings.</summary>
    public IReadOnlyList<DateTimeOffset> Closures { get; init; } = [];

    /// <summary>Instants of every reopening.</summary>
    public IReadOnlyList<DateTimeOffset> Reopenings { get; init; } = [];

    /// <summary>The running pause's start, if any.</summary>
    public DateTimeOffset? RunningPauseStart => Pauses.Count > 0 && Pauses[^1].End is null ? Pauses[^1].Start : null;

    public IssueClock Paused(DateTimeOffset at) =>
        RunningPauseStart is null ? this with { Pauses = [.. Pauses, new PauseInterval(at, null)] } : this;

    public IssueClock Resumed(DateTimeOffset at) => EndPause(at);

    public IssueClock Responded(DateTimeOffset at) => this with { Responses = [.. Responses, at] };

    /// <summary>A closure also ends a running pause.</summary>
    public IssueClock Closed(DateTimeOffset at) => EndPause(at) with { Closures = [.. Closures, at] };

    public IssueClock Reopened(DateTimeOffset at) => this with { Reopenings = [.. Reopenings, at] };

    private IssueClock EndPause(DateTimeOffset at) =>
        RunningPauseStart is { } start ? this with { Pauses = [.. Pauses.Take(Pauses.Count - 1), new PauseInterval(start, at)] } : this;

    /// <summary>The clock as <see cref="ReminderPlanner"/> and <see cref="ResponseDeadline"/> take it.</summary>
    public ResponseClock ToResponseClock(DateTimeOffset createdAt, int delayDays) => new()
    {
        CreatedAt = createdAt,
        DelayDays = delayDays,
        Pauses = Pauses,
        TargetedResponses = Responses,
        Closures = Closures,
        Reopenings = Reopenings,
    };

    /// <summary>
    /// The facts a timeline records, replayed in time order: each "paused" pairs with the next "resumed" or
    /// "closed"; responses, closures and reopenings are taken as recorded.
    /// </summary>
    public static IssueClock FromTimeline(IEnumerable<IssueEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var clock = Empty;
        foreach (var e in timeline.OrderBy(e => e.OccurredAt))
        {
            clock = e.Kind switch
            {
                IssueEventKind.Paused => clock.Paused(e.OccurredAt),
                IssueEventKind.Resumed => clock.Resumed(e.OccurredAt),
                IssueEventKind.ResponseEngaged => clock.Responded(e.OccurredAt),
                IssueEventKind.Closed => clock.Closed(e.OccurredAt),
                IssueEventKind.Reopened => clock.Reopened(e.OccurredAt),
                _ => clock,
            };
        }
        return clock;
    }

    /// <summary>The latest "reminder sent" event of a timeline, as the sweep records it on the issue; null if none.</summary>
    public static SentReminder? LastReminderOf(IEnumerable<IssueEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline
            .Where(e => e.Kind == IssueEventKind.ReminderSent && e.Id.StartsWith(SentReminder.EventIdPrefix, StringComparison.Ordinal))
            .MaxBy(e => e.OccurredAt) is { } last
            ? new SentReminder(last.Id[SentReminder.EventIdPrefix.Length..], last.OccurredAt)
            : null;
    }

    /// <summary>
    /// An issue stored before its clock was kept on it, completed from its timeline: the clock's facts, the last reminder
    /// and the latest follow-up answer (what the timeline records). An issue that has its clock is returned as is.
    /// </summary>
    public static Issue Complete(Issue issue, IReadOnlyList<IssueEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(timeline);
        return issue.Clock is not null ? issue : issue with
        {
            Clock = FromTimeline(timeline),
            LastReminder = issue.LastReminder ?? LastReminderOf(timeline),
            FollowUp = issue.FollowUp ?? IssueFollowUp.LatestOf(timeline),
        };
    }

    public bool Equals(IssueClock? other) =>
        other is not null
        && Pauses.SequenceEqual(other.Pauses)
        && Responses.SequenceEqual(other.Responses)
        && Closures.SequenceEqual(other.Closures)
        && Reopenings.SequenceEqual(other.Reopenings);

    public override int GetHashCode() => HashCode.Combine(Pauses.Count, Responses.Count, Closures.Count, Reopenings.Count);
}
