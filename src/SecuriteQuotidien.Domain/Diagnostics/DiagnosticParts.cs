using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>Ouvert / clos.</summary>
public enum DiagnosticState
{
    Open,
    Closed,
}

/// <summary>À faire → en cours → fait.</summary>
public enum ActionStatus
{
    ToDo,
    InProgress,
    Done,
}

/// <summary>
/// An issue linked to a diagnostic, with the facts copied at link time that confidentiality and
/// evaluation need without reading the issue again (an issue's category and site do not change).
/// </summary>
public sealed record LinkedIssue(IssueNumber Number, string CategoryId, string? SiteId)
{
    public static LinkedIssue Of(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return new LinkedIssue(issue.Number, issue.CategoryId, issue.Site.SiteId);
    }
}

/// <summary>The structured French template: constat, hypothèses, acteurs concernés. Shared with partners.</summary>
public sealed record DiagnosticTemplate(string Constat, string Hypotheses, string Actors)
{
    public static DiagnosticTemplate Empty { get; } = new("", "", "");
}

/// <summary>
/// One line of the action plan. <see cref="Owner"/> is a partner organisation id or
/// <see cref="PoliceOwner"/>. Ids ("A1", "A2"...) are never reused within a diagnostic, so a card
/// naming a removed action cannot hit another one.
/// </summary>
public sealed record DiagnosticAction
{
    public const string PoliceOwner = "police";

    public required string Id { get; init; }
    public required string Text { get; init; }
    public required string Owner { get; init; }
    public required DateOnly DueDate { get; init; }
    public ActionStatus Status { get; init; } = ActionStatus.ToDo;
    public string? DoneComment { get; init; }
    public string? DoneBy { get; init; }
    public DateTimeOffset? DoneAt { get; init; }

    public bool IsPoliceOwned => string.Equals(Owner, PoliceOwner, StringComparison.Ordinal);
    public bool IsDone => Status == ActionStatus.Done;

    /// <summary>Not done and its due date (local) is before <paramref name="today"/>.</summary>
    public bool IsLate(DateOnly today) => !IsDone && DueDate < today;
}

/// <summary>A note only the police see. Never part of any partner view, agenda or export for partners.</summary>
public sealed record PoliceNote(string Id, string Text, string AuthorObjectId, DateTimeOffset At);

/// <summary>The evaluation method chosen for a diagnostic, and the free assessment when the method is qualitative.</summary>
public sealed record DiagnosticEvaluation
{
    /// <summary>Id of an <see cref="EvaluationMethod"/> of the department file.</summary>
    public required string MethodId { get; init; }
    public required string ChosenBy { get; init; }
    public required DateTimeOffset ChosenAt { get; init; }
    /// <summary>Free qualitative assessment (any method may carry one; required by none).</summary>
    public string? Assessment { get; init; }
}

public enum DiagnosticEventKind
{
    Opened,
    DetailsEdited,
    IssuesLinked,
    IssueUnlinked,
    ActionAdded,
    ActionEdited,
    ActionRemoved,
    ActionStarted,
    ActionDone,
    NoteAdded,
    EvaluationChosen,
    AssessmentRecorded,
    Closed,
    Reopened,
}

/// <summary>
/// One entry of a diagnostic's history (who did what when). <see cref="Version"/> is the version the
/// change produced; it is also the event's identity, so a retried write records it once.
/// </summary>
public sealed record DiagnosticEvent
{
    public required DiagnosticNumber Number { get; init; }
    public required int Version { get; init; }
    public required DiagnosticEventKind Kind { get; init; }
    public required string ActorObjectId { get; init; }
    public required DateTimeOffset At { get; init; }
    public required EventVisibility Visibility { get; init; }
    /// <summary>Readable French summary ("Action A2 faite : …").</summary>
    public string? Payload { get; init; }
}

/// <summary>A diagnostic after a transition, with the event that records it.</summary>
public readonly record struct DiagnosticChange(Diagnostic Diagnostic, DiagnosticEvent Event);

/// <summary>A rule of the diagnostic was broken; the message is French, for the user.</summary>
public class DiagnosticRuleException(string message) : Exception(message);

/// <summary>The person may not do this on this diagnostic (wrong sector, not the action's owner...).</summary>
public sealed class DiagnosticAccessException(string message) : DiagnosticRuleException(message);

/// <summary>The card was built from an older version: someone changed the diagnostic since (or the click is a replay).</summary>
public sealed class DiagnosticStaleException(int expected, int actual)
    : DiagnosticRuleException("Ce diagnostic a été modifié entre-temps : la carte a été actualisée, vérifiez puis recommencez.")
{
    public int ExpectedVersion { get; } = expected;
    public int ActualVersion { get; } = actual;
}

/// <summary>
/// Who acts on a diagnostic, with their directory roles. Police of the sector (referent, deputy),
/// the commissioner and administrators edit; a partner only marks done the actions of their organisation.
/// </summary>
public sealed record DiagnosticActor(string ObjectId, Departments.PersonRoles Roles)
{
    /// <summary>Police who may edit the diagnostics of <paramref name="sectorId"/>.</summary>
    public bool IsPoliceOf(string sectorId) => Roles.IsPoliceOf(sectorId);

    /// <summary>The partner's organisation id, or null when the actor is not a partner.</summary>
    public string? OrganisationId => Roles.Partner?.Organisation.Id;

    /// <summary>A partner of the sector's GPO (may see the partner view).</summary>
    public bool IsPartnerOf(string sectorId) => Roles.Partner?.SectorIds.Contains(sectorId, StringComparer.Ordinal) == true;
}

public static class DiagnosticLabels
{
    public static string ToFrench(this DiagnosticState state) => state switch
    {
        DiagnosticState.Open => "Ouvert",
        DiagnosticState.Closed => "Clos",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static string ToFrench(this ActionStatus status) => status switch
    {
        ActionStatus.ToDo => "À faire",
        ActionStatus.InProgress => "En cours",
        ActionStatus.Done => "Fait",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
