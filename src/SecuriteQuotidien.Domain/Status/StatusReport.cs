using System.Globalization;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>
/// A share with its counts. Under <see cref="MinimumDenominator"/> issues the share is not significant:
/// <see cref="Value"/> is null and only the counts are shown.
/// </summary>
public sealed record Proportion(int Numerator, int Denominator)
{
    public const int MinimumDenominator = 5;

    /// <summary>Between 0 and 1; null when the denominator is under <see cref="MinimumDenominator"/>.</summary>
    public double? Value => Denominator >= MinimumDenominator ? (double)Numerator / Denominator : null;

    /// <summary>"83 % (10 sur 12)", or "non significatif (3 sur 4)" under the guard.</summary>
    public string ToFrench()
    {
        var counts = string.Create(CultureInfo.InvariantCulture, $"{Numerator} sur {Denominator}");
        return Value is { } value
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(value * 100, MidpointRounding.AwayFromZero)}\u00a0% ({counts})")
            : $"non significatif ({counts})";
    }
}

/// <summary>Counts of the partners' follow-up answers.</summary>
public sealed record FollowUpCounts(int Yes, int Partly, int No)
{
    public int Total => Yes + Partly + No;
}

/// <summary>
/// The indicators of one scope (the whole request, one sector or one category). Stocks describe today;
/// flows count what happened in the request's period. The formulas are in docs/indicateurs.md.
/// </summary>
public sealed record StatusFigures
{
    /// <summary>Issues in scope, whatever their state or date.</summary>
    public required int Issues { get; init; }

    // Stocks (today).
    public required int Open { get; init; }
    /// <summary>Open, no targeted response on the current clock, deadline before today.</summary>
    public required int Overdue { get; init; }
    /// <summary>Open, no targeted response on the current clock, deadline today or within 7 days.</summary>
    public required int DueSoon { get; init; }
    /// <summary>Open and paused.</summary>
    public required int Paused { get; init; }
    /// <summary>Open again after at least one reopening.</summary>
    public required int Reopened { get; init; }

    // Flows (period).
    /// <summary>GPO "problèmes identifiés": issues created in the period.</summary>
    public required int Identified { get; init; }
    /// <summary>GPO "problèmes résolus": issues closed as <see cref="IssueOutcome.Resolved"/> in the period.</summary>
    public required int Resolved { get; init; }
    /// <summary>Issues closed in the period, per outcome (every outcome present, zeros included).</summary>
    public required IReadOnlyDictionary<IssueOutcome, int> ClosedByOutcome { get; init; }
    /// <summary>Of the issues whose deadline fell in the period, those answered on or before it.</summary>
    public required Proportion OnTime { get; init; }
    /// <summary>How many of <see cref="OnTime"/>'s denominator are paused today (flagged, still counted).</summary>
    public required int OnTimePaused { get; init; }
    /// <summary>Median calendar days from the clock's start to the first targeted response, for responses in the period.</summary>
    public required double? MedianDaysToResponse { get; init; }
    /// <summary>How many responses the median is taken over.</summary>
    public required int ResponsesMeasured { get; init; }
    /// <summary>Follow-up answers given in the period.</summary>
    public required FollowUpCounts FollowUp { get; init; }

    public int Closed => ClosedByOutcome.Values.Sum();
}

/// <summary>The indicators of one sector or one category.</summary>
public sealed record StatusBreakdown(string Id, StatusFigures Figures);

/// <summary>An issue in the "en retard" or "échéances" list.</summary>
/// <param name="Days">Days overdue (1 the day after the deadline) in the overdue list; days left (0 on the deadline) in the due-soon list.</param>
public sealed record DeadlineEntry(IssueSnapshot Issue, int Days);

/// <summary>One week (Monday to Sunday, Paris dates) of the trend.</summary>
/// <param name="Monday">The week's first day.</param>
/// <param name="Opened">Issues created that week.</param>
/// <param name="AnsweredOnTime">First targeted responses (current clock) given that week, on or before the deadline.</param>
/// <param name="Missed">Deadlines that fell that week and passed without a response in time (no response owed: not counted).</param>
public sealed record WeekFigures(DateOnly Monday, int Opened, int AnsweredOnTime, int Missed);

/// <summary>Everything the status card, the lists and the digests show for one request.</summary>
public sealed record StatusReport
{
    public required StatusQuery Query { get; init; }
    /// <summary>The Paris date the report was computed for.</summary>
    public required DateOnly Today { get; init; }
    public required StatusFigures Totals { get; init; }
    /// <summary>Per sector id, in ordinal order of id; only sectors with issues in scope.</summary>
    public required IReadOnlyList<StatusBreakdown> BySector { get; init; }
    /// <summary>Per category id, in ordinal order of id; only categories with issues in scope.</summary>
    public required IReadOnlyList<StatusBreakdown> ByCategory { get; init; }
    /// <summary>Overdue issues, oldest deadline first (then by number).</summary>
    public required IReadOnlyList<DeadlineEntry> Overdue { get; init; }
    /// <summary>Issues due within 7 days, nearest deadline first (then by number).</summary>
    public required IReadOnlyList<DeadlineEntry> DueSoon { get; init; }

    /// <summary>
    /// The last <see cref="IndicatorCalculator.TrendWeeks"/> weeks, oldest first, the current week (up to
    /// today) last; whatever the query's period, within its scope.
    /// </summary>
    public IReadOnlyList<WeekFigures> Trend { get; init; } = [];
}
