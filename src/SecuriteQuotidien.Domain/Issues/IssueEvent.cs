namespace SecuriteQuotidien.Domain.Issues;

/// <summary>Who may read an event of the timeline.</summary>
public enum EventVisibility
{
    /// <summary>Police only: never shown to a partner.</summary>
    PoliceOnly,
    /// <summary>Shown to the reporting partner as well.</summary>
    PartnerVisible,
}

public enum IssueEventKind
{
    Created,
    Acknowledged,
    ResponseEngaged,
    FollowUpStarted,
    Closed,
    Reopened,
    Paused,
    Resumed,
    ThreadPosted,
    NoteAdded,
    PartnerFeedback,
    ReminderSent,
    /// <summary>The issue moved to another sector; the payload names the sectors ("from → to").</summary>
    Transferred,
    /// <summary>The police asked the partner a question; the payload is the question.</summary>
    ClarificationRequested,
    /// <summary>The partner's answer to a question; the payload is the answer.</summary>
    ClarificationAnswered,
}

/// <summary>
/// One entry of an issue's append-only timeline and audit trail. <see cref="Id"/> makes an append
/// idempotent: appending the same event twice keeps one.
/// </summary>
public sealed record IssueEvent
{
    public required IssueNumber IssueNumber { get; init; }
    public required IssueEventKind Kind { get; init; }
    /// <summary>Entra object id of the person who acted (or a system actor such as "bot").</summary>
    public required string ActorObjectId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required EventVisibility Visibility { get; init; }
    /// <summary>Free text of the event (a note, a response description, the close reason...).</summary>
    public string? Payload { get; init; }
    public string Id { get; init; } = Guid.NewGuid().ToString("N");
}

/// <summary>What a list of an issue's events says, read the same way everywhere.</summary>
public static class IssueTimeline
{
    /// <summary>The police-only notes of a timeline, joined with " | "; null when there is none.</summary>
    public static string? PoliceNotesOf(IReadOnlyList<IssueEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var notes = timeline.Where(e => e is { Kind: IssueEventKind.NoteAdded, Visibility: EventVisibility.PoliceOnly } && !string.IsNullOrWhiteSpace(e.Payload))
            .Select(e => e.Payload!.Trim()).ToList();
        return notes.Count == 0 ? null : string.Join(" | ", notes);
    }
}
