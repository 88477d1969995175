using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>
/// Computes a <see cref="StatusReport"/> from issue snapshots: one pass over the issues, constant work per
/// issue (plus sorting the lists and the response delays), no I/O. Formulas: docs/indicateurs.md.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Stocks (open, overdue, due soon, paused, reopened, the two lists) describe today, whatever the period.</item>
/// <item>Flows (identified, resolved, closed, on time, median, follow-up) count facts whose Paris date lies in
/// the query's period; no period means all time.</item>
/// <item>On time: the denominator is every issue whose current deadline lies in the period and is judged —
/// its deadline is past, or it was answered — open, overdue or paused included. Issues closed as a duplicate
/// or out of police scope without any targeted response are left out: no response was owed.</item>
/// </list>
/// </remarks>
public static class IndicatorCalculator
{
    /// <summary>"Échéances": the deadline is today or within this many days.</summary>
    public const int DueSoonDays = 7;

    /// <summary>Weeks of <see cref="StatusReport.Trend"/>.</summary>
    public const int TrendWeeks = StatusPeriods.DefaultWeeks;

    public static StatusReport Compute(IEnumerable<IssueSnapshot> issues, StatusQuery query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(query);

        var today = ParisTime.DateOf(now);
        var scope = query.Scope;
        var sectors = scope.SectorIds.Count == 0 ? null : scope.SectorIds.ToHashSet(StringComparer.Ordinal);
        var categories = scope.CategoryIds.Count == 0 ? null : scope.CategoryIds.ToHashSet(StringComparer.Ordinal);
        var period = query.Period is null ? null : new InstantRange(query.Period);

        var totals = new FiguresBuilder();
        var bySector = new Dictionary<string, FiguresBuilder>(StringComparer.Ordinal);
        var byCategory = new Dictionary<string, FiguresBuilder>(StringComparer.Ordinal);
        var overdue = new List<DeadlineEntry>();
        var dueSoon = new List<DeadlineEntry>();
        var trend = new TrendBuilder(today);

        foreach (var issue in issues)
        {
            if ((sectors is not null && !sectors.Contains(issue.SectorId))
                || (categories is not null && !categories.Contains(issue.CategoryId))
                || (scope.ReporterObjectId is not null
                    && !string.Equals(scope.ReporterObjectId, issue.ReporterObjectId, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var facts = IssueFacts.Of(issue, today, query.Period, period);
            totals.Add(facts);
            trend.Add(facts);
            Builder(bySector, issue.SectorId).Add(facts);
            Builder(byCategory, issue.CategoryId).Add(facts);
            if (facts.IsOverdue)
            {
                overdue.Add(new DeadlineEntry(issue, today.DayNumber - issue.Deadline.DayNumber));
            }
            else if (facts.IsDueSoon)
            {
                dueSoon.Add(new DeadlineEntry(issue, issue.Deadline.DayNumber - today.DayNumber));
            }
        }

        // Oldest deadline first for both lists: the most overdue, then the most urgent.
        Comparison<DeadlineEntry> byDeadline = (a, b) =>
        {
            var byDate = a.Issue.Deadline.CompareTo(b.Issue.Deadline);
            return byDate != 0 ? byDate : a.Issue.Number.CompareTo(b.Issue.Number);
        };
        overdue.Sort(byDeadline);
        dueSoon.Sort(byDeadline);

        return new StatusReport
        {
            Query = query,
            Today = today,
            Totals = totals.Build(),
            BySector = Breakdown(bySector),
            ByCategory = Breakdown(byCategory),
            Overdue = overdue,
            DueSoon = dueSoon,
            Trend = trend.Build(),
        };
    }

    private static FiguresBuilder Builder(Dictionary<string, FiguresBuilder> builders, string key)
    {
        if (!builders.TryGetValue(key, out var builder))
        {
            builder = new FiguresBuilder();
            builders.Add(key, builder);
        }
        return builder;
    }

    private static List<StatusBreakdown> Breakdown(Dictionary<string, FiguresBuilder> builders) =>
        [.. builders.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => new StatusBreakdown(b.Key, b.Value.Build()))];

    /// <summary>The period as instants: Paris midnight of its first day to Paris midnight after its last day.</summary>
    private sealed class InstantRange(StatusPeriod period)
    {
        private readonly DateTimeOffset _start = ParisTime.StartOf(period.From);
        private readonly DateTimeOffset _end = ParisTime.StartOf(period.To.AddDays(1));

        public bool Contains(DateTimeOffset? instant) => instant is { } at && _start <= at && at < _end;
    }

    /// <summary>What one issue contributes to every figure it belongs to; computed once, added up to three times.</summary>
    private readonly record struct IssueFacts(
        bool IsOpen,
        bool IsOverdue,
        bool IsDueSoon,
        bool IsPaused,
        bool IsReopened,
        bool Identified,
        IssueOutcome? ClosedInPeriod,
        bool OnTimeJudged,
        bool OnTimeMet,
        int? DaysToResponse,
        FollowUpAnswer? FollowUp,
        DateOnly CreatedOn,
        DateOnly? AnsweredOnTimeOn,
        DateOnly? MissedOn)
    {
        public static IssueFacts Of(IssueSnapshot issue, DateOnly today, StatusPeriod? period, InstantRange? range)
        {
            bool InPeriod(DateTimeOffset? instant) => instant is not null && (range is null || range.Contains(instant));

            var answered = issue.FirstResponseAt is not null;
            var unanswered = issue.IsOpen && !answered;
            var daysLeft = issue.Deadline.DayNumber - today.DayNumber;

            DateOnly? responseDate = answered ? ParisTime.DateOf(issue.FirstResponseAt!.Value) : null;
            var noResponseOwed = issue is { Status: IssueStatus.Closed, Outcome: IssueOutcome.Duplicate or IssueOutcome.OutOfScope }
                && !answered;
            var judged = !noResponseOwed
                && (period is null || period.Contains(issue.Deadline))
                && (answered || issue.Deadline < today);

            return new IssueFacts(
                IsOpen: issue.IsOpen,
                IsOverdue: unanswered && daysLeft < 0,
                IsDueSoon: unanswered && daysLeft is >= 0 and <= DueSoonDays,
                IsPaused: issue.IsOpen && issue.IsPaused,
                IsReopened: issue.IsOpen && issue.ReopenedCount > 0,
                Identified: InPeriod(issue.CreatedAt),
                ClosedInPeriod: issue.Status == IssueStatus.Closed && InPeriod(issue.ClosedAt) ? issue.Outcome : null,
                OnTimeJudged: judged,
                OnTimeMet: judged && responseDate <= issue.Deadline,
                DaysToResponse: responseDate is { } date && InPeriod(issue.FirstResponseAt)
                    ? date.DayNumber - ParisTime.DateOf(issue.CurrentClockStart).DayNumber
                    : null,
                FollowUp: issue.FollowUp is { } feedback && InPeriod(feedback.At) ? feedback.Answer : null,
                CreatedOn: ParisTime.DateOf(issue.CreatedAt),
                AnsweredOnTimeOn: responseDate <= issue.Deadline ? responseDate : null,
                MissedOn: !noResponseOwed && issue.Deadline < today && !(responseDate <= issue.Deadline) ? issue.Deadline : null);
        }
    }

    /// <summary>Counts per week of the trend: creations, responses in time, deadlines missed.</summary>
    private sealed class TrendBuilder(DateOnly today)
    {
        private readonly DateOnly _firstMonday = StatusPeriods.MondayOf(today).AddDays(-7 * (TrendWeeks - 1));
        private readonly int[] _opened = new int[TrendWeeks];
        private readonly int[] _answered = new int[TrendWeeks];
        private readonly int[] _missed = new int[TrendWeeks];

        public void Add(in IssueFacts facts)
        {
            Count(_opened, facts.CreatedOn);
            Count(_answered, facts.AnsweredOnTimeOn);
            Count(_missed, facts.MissedOn);
        }

        public IReadOnlyList<WeekFigures> Build() =>
            [.. Enumerable.Range(0, TrendWeeks).Select(w => new WeekFigures(_firstMonday.AddDays(7 * w), _opened[w], _answered[w], _missed[w]))];

        private void Count(int[] weeks, DateOnly? day)
        {
            if (day is { } date && date >= _firstMonday && date <= today)
            {
                weeks[(date.DayNumber - _firstMonday.DayNumber) / 7]++;
            }
        }
    }

    private sealed class FiguresBuilder
    {
        private readonly int[] _closed = new int[Enum.GetValues<IssueOutcome>().Length];
        private readonly List<int> _daysToResponse = [];
        private int _issues, _open, _overdue, _dueSoon, _paused, _reopened, _identified;
        private int _onTimeJudged, _onTimeMet, _onTimePaused, _yes, _partly, _no;

        public void Add(in IssueFacts facts)
        {
            _issues++;
            _open += facts.IsOpen ? 1 : 0;
            _overdue += facts.IsOverdue ? 1 : 0;
            _dueSoon += facts.IsDueSoon ? 1 : 0;
            _paused += facts.IsPaused ? 1 : 0;
            _reopened += facts.IsReopened ? 1 : 0;
            _identified += facts.Identified ? 1 : 0;
            if (facts.ClosedInPeriod is { } outcome)
            {
                _closed[(int)outcome]++;
            }
            if (facts.OnTimeJudged)
            {
                _onTimeJudged++;
                _onTimeMet += facts.OnTimeMet ? 1 : 0;
                _onTimePaused += facts.IsPaused ? 1 : 0;
            }
            if (facts.DaysToResponse is { } days)
            {
                _daysToResponse.Add(days);
            }
            switch (facts.FollowUp)
            {
                case FollowUpAnswer.Yes: _yes++; break;
                case FollowUpAnswer.Partly: _partly++; break;
                case FollowUpAnswer.No: _no++; break;
            }
        }

        public StatusFigures Build() => new()
        {
            Issues = _issues,
            Open = _open,
            Overdue = _overdue,
            DueSoon = _dueSoon,
            Paused = _paused,
            Reopened = _reopened,
            Identified = _identified,
            Resolved = _closed[(int)IssueOutcome.Resolved],
            ClosedByOutcome = Enum.GetValues<IssueOutcome>().ToDictionary(o => o, o => _closed[(int)o]),
            OnTime = new Proportion(_onTimeMet, _onTimeJudged),
            OnTimePaused = _onTimePaused,
            MedianDaysToResponse = Median(_daysToResponse),
            ResponsesMeasured = _daysToResponse.Count,
            FollowUp = new FollowUpCounts(_yes, _partly, _no),
        };

        private static double? Median(List<int> values)
        {
            if (values.Count == 0)
            {
                return null;
            }
            var sorted = values.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
        }
    }
}
