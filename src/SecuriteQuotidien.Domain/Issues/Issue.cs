using System.Diagnostics.CodeAnalysis;

namespace SecuriteQuotidien.Domain.Issues;

/// <summary>The Teams thread of an issue: the sector channel conversation and the root card's activity id.</summary>
public sealed record ChannelThread(string ConversationId, string RootActivityId);

/// <summary>An issue after a transition, with the timeline event that records it.</summary>
public readonly record struct IssueChange(Issue Issue, IssueEvent Event);

/// <summary>
/// A signalement. Immutable: every transition returns a new <see cref="Issue"/> and the
/// <see cref="IssueEvent"/> to append to its timeline. Who may call which transition is decided by
/// the callers (roles come from the directory); the lifecycle rules live here.
/// </summary>
public sealed record Issue : IssueReport
{
    public const int DefaultResponseDelayDays = 30;

    public required IssueNumber Number { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Local (department time zone) date by which a targeted response is expected.</summary>
    public required DateOnly Deadline { get; init; }

    public IssueStatus Status { get; init; } = IssueStatus.New;
    /// <summary>Set when <see cref="Status"/> is <see cref="IssueStatus.Closed"/>.</summary>
    public IssueOutcome? Outcome { get; init; }
    /// <summary>First clock: when the first targeted response was engaged.</summary>
    public DateTimeOffset? FirstResponseAt { get; init; }
    /// <summary>Second clock: when the issue was closed.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>Set while the issue is paused (reminders suspended).</summary>
    public DateTimeOffset? PausedAt { get; init; }
    public ChannelThread? Thread { get; init; }

    /// <summary>
    /// The facts of the response clock, changed by the transitions below (see <see cref="IssueClock"/>). Null for an
    /// issue stored before the clock was kept on it: its timeline holds the facts, and the storage fills this in from
    /// the timeline on the issue's next change.
    /// </summary>
    public IssueClock? Clock { get; init; }

    /// <summary>The last reminder the sweep posted for this issue (key and instant); null before the first one.</summary>
    public SentReminder? LastReminder { get; init; }

    /// <summary>
    /// The partner's latest answer to the follow-up question after closure (<see cref="IssueFollowUp"/>); recorded on
    /// the issue with its timeline event, so that statistics need not read the timeline. Null if never answered.
    /// </summary>
    public Status.FollowUpFeedback? FollowUp { get; init; }

    public Issue()
    {
    }

    // Copies what the partner reported; the caller sets the rest.
    [SetsRequiredMembers]
    private Issue(IssueReport report) : base(report)
    {
    }

    public bool IsOpen => Status != IssueStatus.Closed;
    public bool IsPaused => PausedAt is not null;

    /// <summary>Creates the issue from a valid draft.</summary>
    public static IssueChange Open(IssueDraft draft, IssueNumber number, DateTimeOffset createdAt, DateOnly deadline)
    {
        ArgumentNullException.ThrowIfNull(draft);
        draft.EnsureValid();
        var issue = new Issue(draft)
        {
            Number = number,
            Description = draft.Description.Trim(),
            Effect = string.IsNullOrWhiteSpace(draft.Effect) ? null : draft.Effect.Trim(),
            CreatedAt = createdAt,
            Deadline = deadline,
            Clock = IssueClock.Empty,
        };
        return new IssueChange(issue, issue.CreatedEvent());
    }

    /// <summary>The "created" event. A fixed id: a retried create appends it once.</summary>
    public IssueEvent CreatedEvent() =>
        EventOf(IssueEventKind.Created, Reporter.ObjectId, CreatedAt, EventVisibility.PartnerVisible, null) with { Id = "created" };

    /// <summary>The deadline: the local creation date plus the category's delay in calendar days.</summary>
    public static DateOnly DeadlineFor(DateTimeOffset createdAt, int responseDelayDays, TimeZoneInfo timeZone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(responseDelayDays, 1);
        var local = TimeZoneInfo.ConvertTime(createdAt, timeZone);
        return DateOnly.FromDateTime(local.DateTime).AddDays(responseDelayDays);
    }

    /// <summary>Nouveau → Pris en compte.</summary>
    public IssueChange Acknowledge(string actorObjectId, DateTimeOffset at)
    {
        RequireStatus(IssueStatus.New, "Seul un signalement nouveau peut être pris en compte.");
        return Change(this with { Status = IssueStatus.Acknowledged }, IssueEventKind.Acknowledged, actorObjectId, at,
            EventVisibility.PartnerVisible, null);
    }

    /// <summary>Records a targeted response (from any open status); the first one stops the first clock.</summary>
    public IssueChange EngageResponse(string actorObjectId, DateTimeOffset at, string description,
        EventVisibility visibility = EventVisibility.PartnerVisible)
    {
        RequireOpen();
        if (string.IsNullOrWhiteSpace(description))
        {
            throw new IssueRuleException("Décrivez la réponse ciblée engagée.");
        }
        var next = this with { Status = IssueStatus.ResponseEngaged, FirstResponseAt = FirstResponseAt ?? at, Clock = Clock?.Responded(at) };
        return Change(next, IssueEventKind.ResponseEngaged, actorObjectId, at, visibility, description);
    }

    /// <summary>Réponse ciblée engagée → Suivi.</summary>
    public IssueChange StartFollowUp(string actorObjectId, DateTimeOffset at, string? note = null)
    {
        RequireStatus(IssueStatus.ResponseEngaged, "Le suivi commence après une réponse ciblée.");
        return Change(this with { Status = IssueStatus.FollowUp }, IssueEventKind.FollowUpStarted, actorObjectId, at,
            EventVisibility.PartnerVisible, note);
    }

    /// <summary>Any open status → Clos, with an outcome. Ends a pause.</summary>
    public IssueChange Close(string actorObjectId, DateTimeOffset at, IssueOutcome outcome, string? reason = null)
    {
        RequireOpen();
        if (!Enum.IsDefined(outcome))
        {
            throw new IssueRuleException("Issue de clôture invalide.");
        }
        var next = this with { Status = IssueStatus.Closed, Outcome = outcome, ClosedAt = at, PausedAt = null, Clock = Clock?.Closed(at) };
        return Change(next, IssueEventKind.Closed, actorObjectId, at, EventVisibility.PartnerVisible,
            reason is null ? outcome.ToFrench() : $"{outcome.ToFrench()} : {reason}");
    }

    /// <summary>Clos → Pris en compte (e.g. the partner says the problem persists): a new response is expected.</summary>
    public IssueChange Reopen(string actorObjectId, DateTimeOffset at, string? reason = null)
    {
        RequireStatus(IssueStatus.Closed, "Seul un signalement clos peut être rouvert.");
        var next = this with { Status = IssueStatus.Acknowledged, Outcome = null, ClosedAt = null, Clock = Clock?.Reopened(at) };
        return Change(next, IssueEventKind.Reopened, actorObjectId, at, EventVisibility.PartnerVisible, reason);
    }

    /// <summary>
    /// Moves an open issue to another sector. The thread stays in the old channel, so it is cleared:
    /// the new sector's channel gets a new thread, attached once posted.
    /// </summary>
    public IssueChange Transfer(string targetSectorId, string actorObjectId, DateTimeOffset at, string? reason = null)
    {
        RequireOpen();
        if (string.IsNullOrWhiteSpace(targetSectorId) || string.Equals(targetSectorId, SectorId, StringComparison.Ordinal))
        {
            throw new IssueRuleException("Choisissez un autre secteur que le secteur actuel.");
        }
        var payload = string.IsNullOrWhiteSpace(reason) ? $"{SectorId} → {targetSectorId}" : $"{SectorId} → {targetSectorId} : {reason.Trim()}";
        return Change(this with { SectorId = targetSectorId, Thread = null }, IssueEventKind.Transferred, actorObjectId, at,
            EventVisibility.PoliceOnly, payload);
    }

    /// <summary>Suspends reminders on an open issue.</summary>
    public IssueChange Pause(string actorObjectId, DateTimeOffset at, string? reason = null)
    {
        RequireOpen();
        if (IsPaused)
        {
            throw new IssueRuleException("Ce signalement est déjà en pause.");
        }
        return Change(this with { PausedAt = at, Clock = Clock?.Paused(at) }, IssueEventKind.Paused, actorObjectId, at, EventVisibility.PoliceOnly, reason);
    }

    public IssueChange Resume(string actorObjectId, DateTimeOffset at)
    {
        RequireOpen();
        if (!IsPaused)
        {
            throw new IssueRuleException("Ce signalement n'est pas en pause.");
        }
        return Change(this with { PausedAt = null, Clock = Clock?.Resumed(at) }, IssueEventKind.Resumed, actorObjectId, at, EventVisibility.PoliceOnly, null);
    }

    /// <summary>Remembers where the issue's card was posted. Set once; setting the same thread again is a no-op.</summary>
    public IssueChange AttachThread(ChannelThread thread, string actorObjectId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(thread);
        if (Thread is not null && Thread != thread)
        {
            throw new IssueRuleException("Ce signalement est déjà publié dans un autre fil.");
        }
        // A fixed id: the thread is recorded once in the timeline even if the post is retried.
        var change = Change(this with { Thread = thread }, IssueEventKind.ThreadPosted, actorObjectId, at,
            EventVisibility.PoliceOnly, null);
        return change with { Event = change.Event with { Id = "thread" } };
    }

    /// <summary>An event on this issue that changes no state (a note, a partner feedback, a reminder sent).</summary>
    public IssueEvent EventOf(IssueEventKind kind, string actorObjectId, DateTimeOffset at, EventVisibility visibility, string? payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actorObjectId);
        return new IssueEvent
        {
            IssueNumber = Number,
            Kind = kind,
            ActorObjectId = actorObjectId,
            OccurredAt = at,
            Visibility = visibility,
            Payload = payload,
        };
    }

    private IssueChange Change(Issue next, IssueEventKind kind, string actorObjectId, DateTimeOffset at,
        EventVisibility visibility, string? payload) =>
        new(next, EventOf(kind, actorObjectId, at, visibility, payload));

    private void RequireOpen()
    {
        if (!IsOpen)
        {
            throw new IssueRuleException("Ce signalement est clos.");
        }
    }

    private void RequireStatus(IssueStatus expected, string message)
    {
        if (Status != expected)
        {
            throw new IssueRuleException(message);
        }
    }
}
