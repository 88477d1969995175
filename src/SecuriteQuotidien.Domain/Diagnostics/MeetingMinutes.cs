using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Diagnostics;

public enum DecisionKind
{
    /// <summary>A decision recorded as text only.</summary>
    Note,
    /// <summary>Becomes a new action on a diagnostic (<see cref="MinutesDecision.Diagnostic"/>, owner, due date).</summary>
    NewAction,
    /// <summary>Becomes an update of an issue (<see cref="MinutesDecision.Issue"/>, <see cref="MinutesDecision.IssueUpdate"/>).</summary>
    IssueUpdate,
}

/// <summary>How a decision updates an issue; the bot applies it with the issue's own transitions.</summary>
public enum IssueUpdateKind
{
    /// <summary>A police-only note on the issue's timeline.</summary>
    Note,
    /// <summary>A targeted response engaged (<see cref="Issue.EngageResponse"/>) with the decision's text.</summary>
    TargetedResponse,
    /// <summary>Closure (<see cref="Issue.Close"/>) with <see cref="MinutesDecision.Outcome"/>.</summary>
    Close,
}

/// <summary>
/// One decision of a GPO meeting. It is a description: the bot applies it (adds the action, updates the
/// issue) and then records <see cref="AppliedAt"/>, so applying the minutes again skips it.
/// </summary>
public sealed record MinutesDecision
{
    /// <summary>"M1", "M2"... in the order of the minutes.</summary>
    public required string Id { get; init; }
    public required DecisionKind Kind { get; init; }
    public required string Text { get; init; }
    public DiagnosticNumber? Diagnostic { get; init; }
    /// <summary><see cref="DecisionKind.NewAction"/>: organisation id or "police".</summary>
    public string? Owner { get; init; }
    public DateOnly? DueDate { get; init; }
    public IssueNumber? Issue { get; init; }
    public IssueUpdateKind? IssueUpdate { get; init; }
    public IssueOutcome? Outcome { get; init; }
    /// <summary>Set once the bot applied the decision (the action id, or the issue event id, in <see cref="AppliedRef"/>).</summary>
    public DateTimeOffset? AppliedAt { get; init; }
    public string? AppliedRef { get; init; }

    public static MinutesDecision Note(string id, string text) => new() { Id = id, Kind = DecisionKind.Note, Text = text };

    public static MinutesDecision NewAction(string id, string text, DiagnosticNumber diagnostic, string owner, DateOnly dueDate) =>
        new() { Id = id, Kind = DecisionKind.NewAction, Text = text, Diagnostic = diagnostic, Owner = owner, DueDate = dueDate };

    public static MinutesDecision UpdateIssue(string id, string text, IssueNumber issue, IssueUpdateKind update, IssueOutcome? outcome = null) =>
        new() { Id = id, Kind = DecisionKind.IssueUpdate, Text = text, Issue = issue, IssueUpdate = update, Outcome = outcome };
}

/// <summary>The compte rendu of a sector's GPO meeting: who came, a summary and the decisions.</summary>
public sealed record MeetingMinutes
{
    public const int SummaryMaxLength = 4000;
    public const int DecisionTextMaxLength = 1000;
    public const int MaxDecisions = 50;
    public const int MaxAttendees = 100;

    public required string SectorId { get; init; }
    public required DateOnly MeetingDate { get; init; }
    public required string RecordedBy { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
    /// <summary>Organisation ids or names as typed.</summary>
    public IReadOnlyList<string> Attendees { get; init; } = [];
    public string Summary { get; init; } = "";
    public IReadOnlyList<MinutesDecision> Decisions { get; init; } = [];

    /// <summary>The decisions not yet applied by the bot.</summary>
    public IEnumerable<MinutesDecision> Pending => Decisions.Where(d => d.AppliedAt is null);

    /// <summary>The minutes with one decision marked applied.</summary>
    public MeetingMinutes MarkApplied(string decisionId, DateTimeOffset at, string? appliedRef)
    {
        if (Decisions.All(d => d.Id != decisionId))
        {
            throw new DiagnosticRuleException($"La décision {decisionId} n'existe pas dans ce compte rendu.");
        }
        return this with { Decisions = [.. Decisions.Select(d => d.Id == decisionId ? d with { AppliedAt = at, AppliedRef = appliedRef } : d)] };
    }

    /// <summary>French messages for every problem; empty when the minutes can be saved and applied.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(SectorId))
        {
            errors.Add("Le secteur est obligatoire.");
        }
        if (Summary.Length > SummaryMaxLength)
        {
            errors.Add($"Le résumé ne doit pas dépasser {SummaryMaxLength} caractères.");
        }
        if (Attendees.Count > MaxAttendees)
        {
            errors.Add($"Pas plus de {MaxAttendees} participants.");
        }
        if (Decisions.Count > MaxDecisions)
        {
            errors.Add($"Pas plus de {MaxDecisions} décisions par compte rendu.");
        }
        if (Decisions.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count() != Decisions.Count)
        {
            errors.Add("Deux décisions portent le même identifiant.");
        }
        foreach (var decision in Decisions)
        {
            errors.AddRange(Problems(decision).Select(p => $"Décision {decision.Id} : {p}"));
        }
        return errors;
    }

    private static IEnumerable<string> Problems(MinutesDecision decision)
    {
        if (string.IsNullOrWhiteSpace(decision.Text))
        {
            yield return "le texte est obligatoire.";
        }
        else if (decision.Text.Length > DecisionTextMaxLength)
        {
            yield return $"le texte ne doit pas dépasser {DecisionTextMaxLength} caractères.";
        }
        switch (decision.Kind)
        {
            case DecisionKind.NewAction:
                if (decision.Diagnostic is null)
                {
                    yield return "choisissez le diagnostic où ajouter l'action.";
                }
                if (string.IsNullOrWhiteSpace(decision.Owner))
                {
                    yield return "choisissez qui porte l'action.";
                }
                if (decision.DueDate is null)
                {
                    yield return "indiquez l'échéance de l'action.";
                }
                break;
            case DecisionKind.IssueUpdate:
                if (decision.Issue is null || decision.IssueUpdate is null)
                {
                    yield return "indiquez le signalement et la mise à jour à faire.";
                }
                else if (decision.IssueUpdate == IssueUpdateKind.Close && decision.Outcome is null)
                {
                    yield return "indiquez l'issue de la clôture.";
                }
                break;
        }
    }
}
