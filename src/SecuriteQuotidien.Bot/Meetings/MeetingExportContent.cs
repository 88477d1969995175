namespace SecuriteQuotidien.Bot.Meetings;

/// <summary>An issue line of the « Ordre du jour » sheet. <see cref="PoliceNote"/> is only filled for the police version.</summary>
public sealed record MeetingIssueRow
{
    /// <summary>The agenda's section: « Nouveau », « En retard » or « Clos ».</summary>
    public required string Section { get; init; }
    public required string Number { get; init; }
    public required string Sector { get; init; }
    public required string Category { get; init; }
    public required string Site { get; init; }
    public required string Status { get; init; }
    public required DateOnly CreatedOn { get; init; }
    public required DateOnly Deadline { get; init; }
    /// <summary>Calendar days past the deadline without a targeted response; null when not overdue.</summary>
    public int? DaysOverdue { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public string? Outcome { get; init; }
    public string? PoliceNote { get; init; }
}

/// <summary>A line of the « Diagnostics » sheet: an open diagnostic and its plan's progress (as the audience may see it).</summary>
public sealed record MeetingDiagnosticRow(string Number, string Title, int ActionsDone, int ActionsTotal, int LateActions);

/// <summary>A line of the « Actions » sheet.</summary>
public sealed record MeetingActionRow
{
    /// <summary>« En retard » or « Faite depuis la dernière réunion ».</summary>
    public required string Section { get; init; }
    public required string Diagnostic { get; init; }
    public required string DiagnosticTitle { get; init; }
    public required string ActionId { get; init; }
    public required string Text { get; init; }
    public required string Owner { get; init; }
    public required DateOnly DueDate { get; init; }
    public required string Status { get; init; }
    public required bool Late { get; init; }
    public DateOnly? DoneOn { get; init; }
    public string? Comment { get; init; }
}

/// <summary>A line of the « Compte rendu » sheet: one decision of the minutes.</summary>
public sealed record MeetingDecisionRow
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Text { get; init; }
    public string? Diagnostic { get; init; }
    public string? Owner { get; init; }
    public DateOnly? DueDate { get; init; }
    public string? Issue { get; init; }
    public string? IssueUpdate { get; init; }
    public DateOnly? AppliedOn { get; init; }
}

/// <summary>Everything the agenda workbook shows (already filtered for partners when <see cref="ForPolice"/> is false).</summary>
public sealed record MeetingAgendaExport
{
    public required string Title { get; init; }
    public required string SectorName { get; init; }
    public required string PeriodLabel { get; init; }
    public required DateOnly Today { get; init; }
    public required bool ForPolice { get; init; }
    public required IReadOnlyList<MeetingIssueRow> Issues { get; init; }
    public required IReadOnlyList<MeetingDiagnosticRow> Diagnostics { get; init; }
    public required IReadOnlyList<MeetingActionRow> Actions { get; init; }
}

/// <summary>Everything the minutes workbook shows (already filtered for partners when <see cref="ForPolice"/> is false).</summary>
public sealed record MeetingMinutesExport
{
    public required string Title { get; init; }
    public required string SectorName { get; init; }
    public required DateOnly MeetingDate { get; init; }
    public required bool ForPolice { get; init; }
    public required IReadOnlyList<string> Attendees { get; init; }
    public required string Summary { get; init; }
    public required IReadOnlyList<MeetingDecisionRow> Decisions { get; init; }
}
