using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>An issue line of the agenda, with its French labels.</summary>
public sealed record AgendaIssue(IssueFacts Issue, string CategoryLabel, string PlaceLabel);

/// <summary>An open diagnostic on the agenda, with the progress of its plan (as the audience may see it).</summary>
public sealed record AgendaDiagnostic(DiagnosticNumber Number, string Title, int ActionsDone, int ActionsTotal, int LateActions);

/// <summary>An action line of the agenda, with its owner's French label.</summary>
public sealed record AgendaAction(DiagnosticNumber Number, string DiagnosticTitle, DiagnosticAction Action, string OwnerLabel);

/// <summary>
/// The agenda of the next GPO meeting of a sector. <see cref="Period"/> runs from the day after the last
/// meeting (or the <see cref="MeetingAgendaBuilder.DefaultLookbackDays"/> days before today when there was
/// none) to today. Built for partners (<see cref="ForPartners"/>), it holds no restricted-category issue,
/// no police-owned action and no police note.
/// </summary>
public sealed record MeetingAgenda
{
    public required string SectorId { get; init; }
    public required string SectorName { get; init; }
    public DateOnly? LastMeeting { get; init; }
    public required DatePeriod Period { get; init; }
    public required bool ForPartners { get; init; }
    /// <summary>Issues created in the period.</summary>
    public required IReadOnlyList<AgendaIssue> NewIssues { get; init; }
    /// <summary>Open, unanswered issues past their deadline today (whenever created).</summary>
    public required IReadOnlyList<AgendaIssue> OverdueIssues { get; init; }
    /// <summary>Issues closed in the period.</summary>
    public required IReadOnlyList<AgendaIssue> ClosedIssues { get; init; }
    public required IReadOnlyList<AgendaDiagnostic> OpenDiagnostics { get; init; }
    /// <summary>Actions of open diagnostics not done and past their due date.</summary>
    public required IReadOnlyList<AgendaAction> LateActions { get; init; }
    /// <summary>Actions marked done in the period.</summary>
    public required IReadOnlyList<AgendaAction> ActionsDone { get; init; }

    /// <summary>"Ordre du jour du GPO – Gap – hyper-centre".</summary>
    public string Title => $"Ordre du jour du GPO – {SectorName}";

    /// <summary>"Depuis la réunion du 3 mars 2026" or "Sur les 30 derniers jours".</summary>
    public string PeriodLabel => LastMeeting is { } last
        ? $"Depuis la réunion du {FrenchDateFormat.Long(last)}"
        : $"Sur les {Period.Days} derniers jours ({Period.ToFrench()})";

    public bool IsEmpty => NewIssues.Count == 0 && OverdueIssues.Count == 0 && ClosedIssues.Count == 0
        && OpenDiagnostics.Count == 0 && LateActions.Count == 0 && ActionsDone.Count == 0;
}

/// <summary>Builds the agenda of a sector's next GPO meeting.</summary>
public static class MeetingAgendaBuilder
{
    public const int DefaultLookbackDays = 30;

    /// <param name="partnerSafe">Given: the variant shared with partners (restricted issues, police actions and notes out).</param>
    public static MeetingAgenda Build(string sectorId, DateOnly? lastMeeting, DateOnly today, IEnumerable<IssueFacts> sectorIssues,
        IEnumerable<Diagnostic> sectorDiagnostics, IDirectory directory, PartnerConfidentiality? partnerSafe = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectorId);
        ArgumentNullException.ThrowIfNull(sectorIssues);
        ArgumentNullException.ThrowIfNull(sectorDiagnostics);
        ArgumentNullException.ThrowIfNull(directory);
        var from = lastMeeting is { } last ? last.AddDays(1) : today.AddDays(-(DefaultLookbackDays - 1));
        var period = new DatePeriod(from <= today ? from : today, today);

        var issues = sectorIssues.Where(i => i.SectorId == sectorId)
            .Where(i => partnerSafe is null || partnerSafe.IsVisibleToPartners(i))
            .DistinctBy(i => i.Number)
            .OrderBy(i => i.Number)
            .ToList();
        AgendaIssue Line(IssueFacts issue) => new(issue,
            directory.FindCategory(issue.CategoryId)?.Label ?? issue.CategoryId,
            issue.SiteId is null ? "Adresse libre" : directory.FindSite(issue.SiteId)?.Name ?? issue.SiteId);

        var diagnostics = sectorDiagnostics.Where(d => d.SectorId == sectorId && d.IsOpen).OrderBy(d => d.Number).ToList();
        IEnumerable<DiagnosticAction> Visible(Diagnostic d) =>
            d.Actions.Where(a => partnerSafe is null || PartnerConfidentiality.IsVisibleToPartners(a));
        AgendaAction ActionLine(Diagnostic d, DiagnosticAction a) => new(d.Number, d.Title, a, OwnerLabel(a.Owner, directory));
        bool DoneInPeriod(DiagnosticAction a) =>
            a.DoneAt is { } at && period.Contains(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, directory.TimeZone).DateTime));

        return new MeetingAgenda
        {
            SectorId = sectorId,
            SectorName = directory.FindSector(sectorId)?.Name ?? sectorId,
            LastMeeting = lastMeeting,
            Period = period,
            ForPartners = partnerSafe is not null,
            NewIssues = [.. issues.Where(i => period.Contains(i.CreatedOn)).Select(Line)],
            OverdueIssues = [.. issues.Where(i => i.IsOverdue(today)).OrderBy(i => i.Deadline).Select(Line)],
            ClosedIssues = [.. issues.Where(i => i.ClosedOn is { } closed && period.Contains(closed)).Select(Line)],
            OpenDiagnostics = [.. diagnostics.Select(d =>
            {
                var actions = Visible(d).ToList();
                return new AgendaDiagnostic(d.Number, d.Title, actions.Count(a => a.IsDone), actions.Count, actions.Count(a => a.IsLate(today)));
            })],
            LateActions = [.. diagnostics.SelectMany(d => Visible(d).Where(a => a.IsLate(today)).Select(a => ActionLine(d, a)))
                .OrderBy(a => a.Action.DueDate)],
            ActionsDone = [.. diagnostics.SelectMany(d => Visible(d).Where(DoneInPeriod).Select(a => ActionLine(d, a)))
                .OrderBy(a => a.Action.DoneAt)],
        };
    }

    /// <summary>"Police" or the organisation's name from the directory (its id when unknown).</summary>
    public static string OwnerLabel(string owner, IDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return string.Equals(owner, DiagnosticAction.PoliceOwner, StringComparison.Ordinal)
            ? "Police"
            : directory.Organisations.FirstOrDefault(o => o.Id == owner)?.Name ?? owner;
    }
}
