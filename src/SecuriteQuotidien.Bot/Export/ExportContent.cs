using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>
/// One line of the « Signalements » sheet. Every field is partner-visible except <see cref="PoliceNote"/>,
/// which is only filled (and its column only written) for a police requester.
/// </summary>
public sealed record ExportRow
{
    public required string Number { get; init; }
    public required DateOnly CreatedOn { get; init; }
    public required string Sector { get; init; }
    public required string Category { get; init; }
    public required string Site { get; init; }
    public required string Description { get; init; }
    public required string Organisation { get; init; }
    public required string Status { get; init; }
    public required bool Paused { get; init; }
    public required DateOnly Deadline { get; init; }
    /// <summary>Days past the deadline without a targeted response (as in « en retard »); null when not overdue.</summary>
    public int? DaysOverdue { get; init; }
    public string? ResponseType { get; init; }
    public DateOnly? ResponseDate { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public string? Outcome { get; init; }
    /// <summary>The partner's latest answer to « Le problème persiste-t-il ? ».</summary>
    public string? FollowUp { get; init; }
    public string? PoliceNote { get; init; }
}

/// <summary>Everything one workbook shows.</summary>
public sealed record ExportContent
{
    /// <summary>French label of the scope ("tout le département (Hautes-Alpes)", "vos signalements").</summary>
    public required string ScopeLabel { get; init; }
    public required string PeriodLabel { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    /// <summary>Police requesters get the police-only column; partners never do.</summary>
    public required bool ForPolice { get; init; }
    public required IReadOnlyList<ExportRow> Rows { get; init; }
    /// <summary>Issues of the period before <see cref="ExportOptions.MaxRows"/> cut the list.</summary>
    public required int RowsAvailable { get; init; }
    /// <summary>The indicators, computed as for the « point » card.</summary>
    public required StatusReport Report { get; init; }
    public required bool FollowUpPartial { get; init; }
    /// <summary>Display names of the sectors and categories of the breakdowns, by id.</summary>
    public required Func<string, string> SectorName { get; init; }
    public required Func<string, string> CategoryName { get; init; }
    /// <summary>A note on the scope (a partner sees only their own issues).</summary>
    public string? Note { get; init; }
}
