using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>
/// A diagnostic as a partner of the GPO may see it: title, template, state, evaluation, the linked
/// issues that are not of a restricted category and the partner-owned actions. Never the police notes,
/// never police-owned actions, never a restricted issue.
/// </summary>
public sealed record PartnerDiagnosticView
{
    public required DiagnosticNumber Number { get; init; }
    public required string SectorId { get; init; }
    public required string Title { get; init; }
    public required DiagnosticTemplate Template { get; init; }
    public required DiagnosticState State { get; init; }
    public required IReadOnlyList<IssueNumber> LinkedIssues { get; init; }
    public required IReadOnlyList<DiagnosticAction> Actions { get; init; }
    public string? EvaluationMethodId { get; init; }
    public string? Assessment { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    /// <summary>For the partner's "Marquer comme fait" card: the version it was built from.</summary>
    public required int Version { get; init; }
}

/// <summary>One line of a partner's "mes actions": an action their organisation owns, with its diagnostic.</summary>
public sealed record PartnerActionItem(DiagnosticNumber Number, string SectorId, string DiagnosticTitle, int Version, DiagnosticAction Action);

/// <summary>Projections of diagnostics for partners.</summary>
public static class PartnerView
{
    public static PartnerDiagnosticView Of(Diagnostic diagnostic, PartnerConfidentiality confidentiality)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        ArgumentNullException.ThrowIfNull(confidentiality);
        return new PartnerDiagnosticView
        {
            Number = diagnostic.Number,
            SectorId = diagnostic.SectorId,
            Title = diagnostic.Title,
            Template = diagnostic.Template,
            State = diagnostic.State,
            LinkedIssues = [.. diagnostic.LinkedIssues.Where(confidentiality.IsVisibleToPartners).Select(i => i.Number)],
            Actions = [.. diagnostic.Actions.Where(PartnerConfidentiality.IsVisibleToPartners)],
            EvaluationMethodId = diagnostic.Evaluation?.MethodId,
            Assessment = diagnostic.Evaluation?.Assessment,
            OpenedAt = diagnostic.OpenedAt,
            Version = diagnostic.Version,
        };
    }

    /// <summary>"Mes actions": the actions owned by <paramref name="organisationId"/> in open diagnostics, to do first, then by due date.</summary>
    public static IReadOnlyList<PartnerActionItem> ActionsOf(IEnumerable<Diagnostic> diagnostics, string organisationId)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentException.ThrowIfNullOrWhiteSpace(organisationId);
        if (string.Equals(organisationId, DiagnosticAction.PoliceOwner, StringComparison.Ordinal))
        {
            throw new ArgumentException("Police actions are not a partner's.", nameof(organisationId));
        }
        return [.. diagnostics
            .Where(d => d.IsOpen)
            .SelectMany(d => d.ActionsOwnedBy(organisationId).Select(a => new PartnerActionItem(d.Number, d.SectorId, d.Title, d.Version, a)))
            .OrderBy(item => item.Action.IsDone)
            .ThenBy(item => item.Action.DueDate)
            .ThenBy(item => item.Number)];
    }

    /// <summary>The history entries a partner may read.</summary>
    public static IReadOnlyList<DiagnosticEvent> EventsOf(IEnumerable<DiagnosticEvent> events) =>
        [.. events.Where(PartnerConfidentiality.IsVisibleToPartners).OrderBy(e => e.Version)];
}
