using System.Globalization;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>
/// A diagnostic partagé: related issues of one sector analysed with the partners, with a template, an
/// action plan and a locally chosen evaluation. Immutable: every transition checks who acts and the
/// version the caller saw, and returns the next diagnostic (version + 1) with the event to record.
/// </summary>
public sealed record Diagnostic
{
    public const int TitleMaxLength = 200;
    public const int SectionMaxLength = 4000;
    public const int ActionTextMaxLength = 500;
    public const int CommentMaxLength = 1000;
    public const int NoteMaxLength = 2000;
    public const int MaxLinkedIssues = 100;
    public const int MaxActions = 50;
    public const int MaxNotes = 100;

    public required DiagnosticNumber Number { get; init; }
    public required string SectorId { get; init; }
    public required string Title { get; init; }
    public IReadOnlyList<LinkedIssue> LinkedIssues { get; init; } = [];
    public DiagnosticTemplate Template { get; init; } = DiagnosticTemplate.Empty;
    public IReadOnlyList<DiagnosticAction> Actions { get; init; } = [];
    public IReadOnlyList<PoliceNote> PoliceNotes { get; init; } = [];
    public DiagnosticState State { get; init; } = DiagnosticState.Open;
    public DiagnosticEvaluation? Evaluation { get; init; }
    public required string OpenedBy { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>Starts at 1; each change adds one. Cards carry it so a stale or replayed click is refused.</summary>
    public int Version { get; init; } = 1;
    /// <summary>Last action sequence used ("A{n}"); never decreases, so action ids are never reused.</summary>
    public int LastActionSequence { get; init; }

    public bool IsOpen => State == DiagnosticState.Open;

    /// <summary>Opens a diagnostic in the sector of the acting police officer.</summary>
    public static DiagnosticChange Open(DiagnosticNumber number, string sectorId, string title, IEnumerable<LinkedIssue> linkedIssues,
        DiagnosticTemplate template, DiagnosticActor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectorId);
        RequirePolice(actor, sectorId);
        var linked = DistinctIssues(linkedIssues ?? []);
        if (linked.Count > MaxLinkedIssues)
        {
            throw new DiagnosticRuleException($"Un diagnostic ne peut pas lier plus de {MaxLinkedIssues} signalements.");
        }
        var diagnostic = new Diagnostic
        {
            Number = number,
            SectorId = sectorId,
            Title = Bounded(title, TitleMaxLength, "Le titre", required: true),
            LinkedIssues = linked,
            Template = Checked(template ?? DiagnosticTemplate.Empty),
            OpenedBy = actor.ObjectId,
            OpenedAt = at,
        };
        return new DiagnosticChange(diagnostic, diagnostic.EventOf(DiagnosticEventKind.Opened, actor, at, EventVisibility.PartnerVisible,
            $"Diagnostic ouvert : {diagnostic.Title}"));
    }

    /// <summary>Changes the title and the template sections (null leaves a part as it is).</summary>
    public DiagnosticChange EditDetails(DiagnosticActor actor, int expectedVersion, DateTimeOffset at,
        string? title = null, DiagnosticTemplate? template = null)
    {
        RequireEditable(actor, expectedVersion);
        var next = this with
        {
            Title = title is null ? Title : Bounded(title, TitleMaxLength, "Le titre", required: true),
            Template = template is null ? Template : Checked(template),
        };
        return Next(next, DiagnosticEventKind.DetailsEdited, actor, at, EventVisibility.PartnerVisible, "Diagnostic modifié");
    }

    /// <summary>Links more issues (already linked ones are ignored).</summary>
    public DiagnosticChange LinkIssues(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, IEnumerable<LinkedIssue> issues)
    {
        RequireEditable(actor, expectedVersion);
        var added = DistinctIssues(issues ?? []).Where(i => LinkedIssues.All(l => l.Number != i.Number)).ToList();
        if (added.Count == 0)
        {
            throw new DiagnosticRuleException("Ces signalements sont déjà liés au diagnostic.");
        }
        if (LinkedIssues.Count + added.Count > MaxLinkedIssues)
        {
            throw new DiagnosticRuleException($"Un diagnostic ne peut pas lier plus de {MaxLinkedIssues} signalements.");
        }
        // The payload names the issues; restricted ones are filtered from partner views by number.
        return Next(this with { LinkedIssues = [.. LinkedIssues, .. added] }, DiagnosticEventKind.IssuesLinked, actor, at,
            EventVisibility.PoliceOnly, "Signalements liés : " + string.Join(", ", added.Select(i => i.Number)));
    }

    public DiagnosticChange UnlinkIssue(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, IssueNumber number)
    {
        RequireEditable(actor, expectedVersion);
        if (LinkedIssues.All(l => l.Number != number))
        {
            throw new DiagnosticRuleException($"Le signalement {number} n'est pas lié à ce diagnostic.");
        }
        return Next(this with { LinkedIssues = [.. LinkedIssues.Where(l => l.Number != number)] }, DiagnosticEventKind.IssueUnlinked,
            actor, at, EventVisibility.PoliceOnly, $"Signalement délié : {number}");
    }

    /// <summary>Adds a line to the action plan; its id is in the returned diagnostic's last action.</summary>
    public DiagnosticChange AddAction(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, string text, string owner, DateOnly dueDate)
    {
        RequireEditable(actor, expectedVersion);
        if (Actions.Count >= MaxActions)
        {
            throw new DiagnosticRuleException($"Un plan d'action ne peut pas dépasser {MaxActions} actions.");
        }
        var sequence = LastActionSequence + 1;
        var action = new DiagnosticAction
        {
            Id = "A" + sequence.ToString(CultureInfo.InvariantCulture),
            Text = Bounded(text, ActionTextMaxLength, "L'action", required: true),
            Owner = CheckedOwner(owner),
            DueDate = dueDate,
        };
        return Next(this with { Actions = [.. Actions, action], LastActionSequence = sequence }, DiagnosticEventKind.ActionAdded,
            actor, at, VisibilityOf(action), $"Action {action.Id} ajoutée : {action.Text} ({FrenchDateFormat.ByDate(dueDate)})");
    }

    /// <summary>Changes an action's text, owner or due date (null leaves a part as it is).</summary>
    public DiagnosticChange EditAction(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, string actionId,
        string? text = null, string? owner = null, DateOnly? dueDate = null)
    {
        RequireEditable(actor, expectedVersion);
        var action = ActionOf(actionId);
        var edited = action with
        {
            Text = text is null ? action.Text : Bounded(text, ActionTextMaxLength, "L'action", required: true),
            Owner = owner is null ? action.Owner : CheckedOwner(owner),
            DueDate = dueDate ?? action.DueDate,
        };
        // Visible to partners if either the old or the new owner is a partner: they saw it, or will.
        var visibility = action.IsPoliceOwned && edited.IsPoliceOwned ? EventVisibility.PoliceOnly : EventVisibility.PartnerVisible;
        return Next(Replace(edited), DiagnosticEventKind.ActionEdited, actor, at, visibility, $"Action {action.Id} modifiée");
    }

    public DiagnosticChange RemoveAction(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, string actionId)
    {
        RequireEditable(actor, expectedVersion);
        var action = ActionOf(actionId);
        return Next(this with { Actions = [.. Actions.Where(a => a.Id != action.Id)] }, DiagnosticEventKind.ActionRemoved, actor, at,
            VisibilityOf(action), $"Action {action.Id} retirée");
    }

    /// <summary>À faire → en cours: by the sector's police or the owning partner.</summary>
    public DiagnosticChange StartAction(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, string actionId)
    {
        var action = RequireActionOwner(actor, expectedVersion, actionId);
        if (action.Status != ActionStatus.ToDo)
        {
            throw new DiagnosticRuleException($"L'action {action.Id} est déjà {action.Status.ToFrench().ToLower(CultureInfo.GetCultureInfo("fr-FR"))}.");
        }
        return Next(Replace(action with { Status = ActionStatus.InProgress }), DiagnosticEventKind.ActionStarted, actor, at,
            VisibilityOf(action), $"Action {action.Id} en cours");
    }

    /// <summary>Marks an action done with a comment: by the sector's police or the owning partner.</summary>
    public DiagnosticChange MarkActionDone(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, string actionId, string comment)
    {
        var action = RequireActionOwner(actor, expectedVersion, actionId);
        if (action.IsDone)
        {
            throw new DiagnosticRuleException($"L'action {action.Id} est déjà faite.");
        }
        var done = action with
        {
            Status = ActionStatus.Done,
            DoneComment = Bounded(comment, CommentMaxLength, "Le commentaire", required: true),
            DoneBy = actor.ObjectId,
            DoneAt = at,
        };
        return Next(Replace(done), DiagnosticEventKind.ActionDone, actor, at, VisibilityOf(action),
            $"Action {action.Id} faite : {done.DoneComment}");
    }

    /// <summary>Adds a police-only note.</summary>
    public DiagnosticChange AddPoliceNote(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, string text)
    {
        RequireEditable(actor, expectedVersion);
        if (PoliceNotes.Count >= MaxNotes)
        {
            throw new DiagnosticRuleException($"Un diagnostic ne peut pas dépasser {MaxNotes} notes.");
        }
        var note = new PoliceNote("N" + (Version + 1).ToString(CultureInfo.InvariantCulture),
            Bounded(text, NoteMaxLength, "La note", required: true), actor.ObjectId, at);
        return Next(this with { PoliceNotes = [.. PoliceNotes, note] }, DiagnosticEventKind.NoteAdded, actor, at,
            EventVisibility.PoliceOnly, note.Text);
    }

    /// <summary>Records the evaluation method chosen locally (an id of the department's menu), keeping an assessment already written.</summary>
    public DiagnosticChange ChooseEvaluation(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, EvaluationMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        RequireEditable(actor, expectedVersion);
        var evaluation = new DiagnosticEvaluation
        {
            MethodId = method.Id,
            ChosenBy = actor.ObjectId,
            ChosenAt = at,
            Assessment = Evaluation?.Assessment,
        };
        return Next(this with { Evaluation = evaluation }, DiagnosticEventKind.EvaluationChosen, actor, at,
            EventVisibility.PartnerVisible, $"Méthode d'évaluation : {method.Label}");
    }

    /// <summary>Records the free qualitative assessment (allowed on a closed diagnostic too: it is often written at closure).</summary>
    public DiagnosticChange RecordAssessment(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, string assessment)
    {
        RequirePolice(actor, SectorId);
        RequireVersion(expectedVersion);
        if (Evaluation is null)
        {
            throw new DiagnosticRuleException("Choisissez d'abord une méthode d'évaluation.");
        }
        var text = Bounded(assessment, SectionMaxLength, "L'appréciation", required: true);
        return Next(this with { Evaluation = Evaluation with { Assessment = text } }, DiagnosticEventKind.AssessmentRecorded, actor, at,
            EventVisibility.PartnerVisible, "Appréciation enregistrée");
    }

    public DiagnosticChange Close(DiagnosticActor actor, int expectedVersion, DateTimeOffset at, string? reason = null)
    {
        RequireEditable(actor, expectedVersion);
        var why = string.IsNullOrWhiteSpace(reason) ? null : Bounded(reason, CommentMaxLength, "Le motif", required: false);
        return Next(this with { State = DiagnosticState.Closed, ClosedAt = at }, DiagnosticEventKind.Closed, actor, at,
            EventVisibility.PartnerVisible, why is null ? "Diagnostic clos" : $"Diagnostic clos : {why}");
    }

    public DiagnosticChange Reopen(DiagnosticActor actor, int expectedVersion, DateTimeOffset at)
    {
        RequirePolice(actor, SectorId);
        RequireVersion(expectedVersion);
        if (IsOpen)
        {
            throw new DiagnosticRuleException("Ce diagnostic est déjà ouvert.");
        }
        return Next(this with { State = DiagnosticState.Open, ClosedAt = null }, DiagnosticEventKind.Reopened, actor, at,
            EventVisibility.PartnerVisible, "Diagnostic rouvert");
    }

    /// <summary>The action with this id, or null.</summary>
    public DiagnosticAction? FindAction(string actionId) => Actions.FirstOrDefault(a => string.Equals(a.Id, actionId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Actions owned by an organisation (or "police").</summary>
    public IEnumerable<DiagnosticAction> ActionsOwnedBy(string owner) => Actions.Where(a => string.Equals(a.Owner, owner, StringComparison.Ordinal));

    /// <summary>Open actions whose due date has passed.</summary>
    public IEnumerable<DiagnosticAction> LateActions(DateOnly today) => Actions.Where(a => a.IsLate(today));

    private DiagnosticAction ActionOf(string actionId) =>
        FindAction(actionId) ?? throw new DiagnosticRuleException($"L'action {actionId} n'existe pas (ou plus) dans ce diagnostic.");

    private DiagnosticAction RequireActionOwner(DiagnosticActor actor, int expectedVersion, string actionId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var action = ActionOf(actionId);
        var isOwner = !action.IsPoliceOwned && actor.OrganisationId is { } organisation
            && string.Equals(organisation, action.Owner, StringComparison.Ordinal) && actor.IsPartnerOf(SectorId);
        if (!isOwner && !actor.IsPoliceOf(SectorId))
        {
            throw new DiagnosticAccessException("Seule l'organisation chargée de cette action, ou la police du secteur, peut la mettre à jour.");
        }
        RequireVersion(expectedVersion);
        RequireOpen();
        return action;
    }

    private void RequireEditable(DiagnosticActor actor, int expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RequirePolice(actor, SectorId);
        RequireVersion(expectedVersion);
        RequireOpen();
    }

    private static void RequirePolice(DiagnosticActor actor, string sectorId)
    {
        if (!actor.IsPoliceOf(sectorId))
        {
            throw new DiagnosticAccessException("Seuls le référent du secteur, son adjoint, le commissaire et les administrateurs modifient un diagnostic.");
        }
    }

    private void RequireVersion(int expectedVersion)
    {
        if (expectedVersion != Version)
        {
            throw new DiagnosticStaleException(expectedVersion, Version);
        }
    }

    private void RequireOpen()
    {
        if (!IsOpen)
        {
            throw new DiagnosticRuleException("Ce diagnostic est clos.");
        }
    }

    private Diagnostic Replace(DiagnosticAction action) => this with { Actions = [.. Actions.Select(a => a.Id == action.Id ? action : a)] };

    private DiagnosticChange Next(Diagnostic next, DiagnosticEventKind kind, DiagnosticActor actor, DateTimeOffset at,
        EventVisibility visibility, string? payload)
    {
        var versioned = next with { Version = Version + 1 };
        return new DiagnosticChange(versioned, versioned.EventOf(kind, actor, at, visibility, payload));
    }

    private DiagnosticEvent EventOf(DiagnosticEventKind kind, DiagnosticActor actor, DateTimeOffset at, EventVisibility visibility, string? payload) => new()
    {
        Number = Number,
        Version = Version,
        Kind = kind,
        ActorObjectId = actor.ObjectId,
        At = at,
        Visibility = visibility,
        Payload = payload,
    };

    // Police-owned actions stay police business (operational detail); partner-owned ones are shared with the GPO.
    private static EventVisibility VisibilityOf(DiagnosticAction action) =>
        action.IsPoliceOwned ? EventVisibility.PoliceOnly : EventVisibility.PartnerVisible;

    private static List<LinkedIssue> DistinctIssues(IEnumerable<LinkedIssue> issues) => [.. issues.DistinctBy(i => i.Number)];

    private static DiagnosticTemplate Checked(DiagnosticTemplate template) => new(
        Bounded(template.Constat, SectionMaxLength, "Le constat", required: false),
        Bounded(template.Hypotheses, SectionMaxLength, "Le texte des hypothèses", required: false),
        Bounded(template.Actors, SectionMaxLength, "La liste des acteurs concernés", required: false));

    private static string CheckedOwner(string owner)
    {
        if (string.IsNullOrWhiteSpace(owner))
        {
            throw new DiagnosticRuleException("Choisissez qui porte l'action (une organisation partenaire ou la police).");
        }
        return owner.Trim();
    }

    private static string Bounded(string? text, int maxLength, string what, bool required)
    {
        var trimmed = text?.Trim() ?? "";
        if (required && trimmed.Length == 0)
        {
            throw new DiagnosticRuleException($"{what} est obligatoire.");
        }
        if (trimmed.Length > maxLength)
        {
            throw new DiagnosticRuleException($"{what} ne doit pas dépasser {maxLength} caractères.");
        }
        return trimmed;
    }
}
