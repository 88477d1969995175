using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Status;

/// <summary>A range of Paris days, both ends included; a null end is unbounded.</summary>
public readonly record struct DayRange(DateOnly? From, DateOnly? To)
{
    public bool IsEmpty => From is { } from && To is { } to && to < from;

    public bool Contains(DateOnly day) => !IsEmpty && (From is null || From <= day) && (To is null || day <= To);
}

/// <summary>
/// The sums of dated counters a status request needs, given its period and today (<see cref="StatusTally"/>):
/// flows over the period, the deadline fields over the period's days before today, the open unanswered deadlines
/// before today (overdue) and in the next days (due soon).
/// </summary>
public sealed record TallyRanges(DayRange Period, DayRange PeriodBeforeToday, DayRange BeforeToday, DayRange DueSoon)
{
    /// <summary>The days of the report's trend: the Monday <see cref="IndicatorCalculator.TrendWeeks"/> weeks back to today.</summary>
    public DayRange Trend { get; init; }

    public static TallyRanges For(StatusPeriod? period, DateOnly today)
    {
        var yesterday = today.AddDays(-1);
        var before = period is null ? new DayRange(null, yesterday) : new DayRange(period.From, period.To < yesterday ? period.To : yesterday);
        return new TallyRanges(new DayRange(period?.From, period?.To), before, new DayRange(null, yesterday),
            new DayRange(today, today.AddDays(IndicatorCalculator.DueSoonDays)))
        {
            Trend = new DayRange(StatusPeriods.MondayOf(today).AddDays(-7 * (IndicatorCalculator.TrendWeeks - 1)), today),
        };
    }

    /// <summary>Whether a dated counter is summed over <paramref name="range"/> (each field over one range only).</summary>
    public static bool Sums(string field, TallyRange range) => range switch
    {
        TallyRange.Period => !StatusTally.BeforeTodayFields.Contains(field),
        TallyRange.PeriodBeforeToday => field is StatusTally.Owed or StatusTally.PausedUnanswered,
        _ => field == StatusTally.OpenUnanswered,
    };

    public DayRange this[TallyRange range] => range switch
    {
        TallyRange.Period => Period,
        TallyRange.PeriodBeforeToday => PeriodBeforeToday,
        TallyRange.BeforeToday => BeforeToday,
        _ => DueSoon,
    };
}

public enum TallyRange { Period, PeriodBeforeToday, BeforeToday, DueSoon }

/// <summary>An issue of the « en retard » or « échéances » list, with its sector and its deadline as of today.</summary>
public sealed record TallyListing(string SectorId, TallyListEntry Entry, DateOnly Deadline);

/// <summary>
/// The running totals of the sectors a request covers, summed for it (<see cref="TallyRanges"/>): per sector and
/// category, today's counters and the dated counters over each range, with the listed issues read for it. The
/// storage fills it from its totals rows; <see cref="FromTallies"/> from issues in memory (a partner's own issues).
/// <see cref="Report"/> gives exactly what <see cref="IndicatorCalculator"/> gives from the issues themselves.
/// </summary>
public sealed class StatusTotals
{
    private readonly Dictionary<(string Sector, string Category), Cell> _cells = [];

    public StatusTotals(TallyRanges ranges)
    {
        Ranges = ranges ?? throw new ArgumentNullException(nameof(ranges));
    }

    public TallyRanges Ranges { get; }

    /// <summary>Overdue issues read (all of them, or the first ones by deadline: the count comes from the counters).</summary>
    public List<TallyListing> Overdue { get; } = [];

    /// <summary>Issues due soon read (all of them, or the first ones by deadline).</summary>
    public List<TallyListing> DueSoon { get; } = [];

    /// <summary>Counts of one sector and category.</summary>
    public sealed class Cell
    {
        public Dictionary<string, long> Stock { get; } = new(StringComparer.Ordinal);
        public Dictionary<TallyRange, Dictionary<string, long>> Dated { get; } =
            Enum.GetValues<TallyRange>().ToDictionary(r => r, _ => new Dictionary<string, long>(StringComparer.Ordinal));

        /// <summary>Per week of <see cref="TallyRanges.Trend"/>: issues opened, answered in time, deadlines missed.</summary>
        public long[] Opened { get; } = new long[IndicatorCalculator.TrendWeeks];
        public long[] AnsweredOnTime { get; } = new long[IndicatorCalculator.TrendWeeks];
        public long[] Missed { get; } = new long[IndicatorCalculator.TrendWeeks];

        public long Get(string field) => Stock.GetValueOrDefault(field);

        public long Get(TallyRange range, string field) => Dated[range].GetValueOrDefault(field);

        public void AddTo(Dictionary<string, long> counts, string field, long count)
        {
            if (count != 0)
            {
                counts[field] = counts.GetValueOrDefault(field) + count;
            }
        }
    }

    public Cell CellOf(string sectorId, string categoryId)
    {
        if (!_cells.TryGetValue((sectorId, categoryId), out var cell))
        {
            cell = new Cell();
            _cells[(sectorId, categoryId)] = cell;
        }
        return cell;
    }

    /// <summary>
    /// Adds a dated counter to the trend when its day is in <see cref="TallyRanges.Trend"/>: creations, responses in
    /// time, and deadlines missed (answered late or owed, judged once their day is past).
    /// </summary>
    public void AddToTrend(Cell cell, DateOnly day, string field, long count)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (!Ranges.Trend.Contains(day))
        {
            return;
        }
        var week = (day.DayNumber - Ranges.Trend.From!.Value.DayNumber) / 7;
        switch (field)
        {
            case StatusTally.Identified:
                cell.Opened[week] += count;
                break;
            case StatusTally.AnsweredOnTime:
                cell.AnsweredOnTime[week] += count;
                break;
            case StatusTally.Late or StatusTally.Owed when day < Ranges.Trend.To:
                cell.Missed[week] += count;
                break;
        }
    }

    /// <summary>Adds one tally's counts where the ranges cover them (in-memory totals).</summary>
    public void Add(StatusTally tally, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var cell = CellOf(tally.SectorId, tally.CategoryId);
        foreach (var count in tally.Counts())
        {
            if (count.Bucket.Day is not { } day)
            {
                cell.AddTo(cell.Stock, count.Field, 1);
                continue;
            }
            AddToTrend(cell, day, count.Field, 1);
            foreach (var range in Enum.GetValues<TallyRange>())
            {
                if (TallyRanges.Sums(count.Field, range) && Ranges[range].Contains(day))
                {
                    cell.AddTo(cell.Dated[range], count.Field, 1);
                }
            }
        }
        if (tally.DeadlineEntry is { } entry && tally.Deadline is { } deadline)
        {
            if (Ranges.BeforeToday.Contains(deadline))
            {
                Overdue.Add(new TallyListing(tally.SectorId, entry, deadline));
            }
            else if (Ranges.DueSoon.Contains(deadline))
            {
                DueSoon.Add(new TallyListing(tally.SectorId, entry, deadline));
            }
        }
        if (tally.SlidingEntry is { DaysLeft: <= IndicatorCalculator.DueSoonDays } sliding)
        {
            DueSoon.Add(new TallyListing(tally.SectorId, sliding, today.AddDays(sliding.DaysLeft!.Value)));
        }
    }

    /// <summary>Totals of issues in memory, for <paramref name="query"/> at <paramref name="now"/>.</summary>
    public static StatusTotals FromTallies(IEnumerable<StatusTally> tallies, StatusQuery query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        ArgumentNullException.ThrowIfNull(query);
        var today = ParisTime.DateOf(now);
        var totals = new StatusTotals(TallyRanges.For(query.Period, today));
        foreach (var tally in tallies)
        {
            totals.Add(tally, today);
        }
        return totals;
    }

    /// <summary>
    /// The report of <paramref name="query"/> (its sectors and categories; the reporter filter is the caller's) at
    /// <paramref name="now"/>. The lists hold the issues read, oldest deadline first; their counts are the counters'.
    /// </summary>
    public StatusReport Report(StatusQuery query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var today = ParisTime.DateOf(now);
        var sectors = query.Scope.SectorIds.Count == 0 ? null : query.Scope.SectorIds.ToHashSet(StringComparer.Ordinal);
        var categories = query.Scope.CategoryIds.Count == 0 ? null : query.Scope.CategoryIds.ToHashSet(StringComparer.Ordinal);
        bool InScope(string sector, string category) =>
            (sectors is null || sectors.Contains(sector)) && (categories is null || categories.Contains(category));

        var totals = new FiguresBuilder();
        var bySector = new SortedDictionary<string, FiguresBuilder>(StringComparer.Ordinal);
        var byCategory = new SortedDictionary<string, FiguresBuilder>(StringComparer.Ordinal);
        var opened = new long[IndicatorCalculator.TrendWeeks];
        var answeredOnTime = new long[IndicatorCalculator.TrendWeeks];
        var missed = new long[IndicatorCalculator.TrendWeeks];
        foreach (var ((sector, category), cell) in _cells.Where(c => InScope(c.Key.Sector, c.Key.Category) && c.Value.Get(StatusTally.Issues) > 0))
        {
            for (var w = 0; w < IndicatorCalculator.TrendWeeks; w++)
            {
                opened[w] += cell.Opened[w];
                answeredOnTime[w] += cell.AnsweredOnTime[w];
                missed[w] += cell.Missed[w];
            }
            totals.Add(cell, query.Period, today);
            Builder(bySector, sector).Add(cell, query.Period, today);
            Builder(byCategory, category).Add(cell, query.Period, today);
        }

        return new StatusReport
        {
            Query = query,
            Today = today,
            Totals = totals.Build(),
            BySector = [.. bySector.Select(b => new StatusBreakdown(b.Key, b.Value.Build()))],
            ByCategory = [.. byCategory.Select(b => new StatusBreakdown(b.Key, b.Value.Build()))],
            Overdue = Listed(Overdue, InScope, e => today.DayNumber - e.Deadline.DayNumber),
            DueSoon = Listed(DueSoon, InScope, e => e.Deadline.DayNumber - today.DayNumber),
            Trend = [.. Enumerable.Range(0, IndicatorCalculator.TrendWeeks).Select(w => new WeekFigures(
                Ranges.Trend.From!.Value.AddDays(7 * w), (int)opened[w], (int)answeredOnTime[w], (int)missed[w]))],
        };
    }

    private static List<DeadlineEntry> Listed(IEnumerable<TallyListing> listings, Func<string, string, bool> inScope, Func<TallyListing, int> days) =>
    [
        .. listings
            .Where(l => inScope(l.SectorId, l.Entry.CategoryId))
            .OrderBy(l => l.Deadline).ThenBy(l => l.Entry.Number)
            .Select(l => new DeadlineEntry(SnapshotOf(l), days(l))),
    ];

    /// <summary>What a list shows of an issue: no reporter, no dates but the deadline (the totals keep no more).</summary>
    private static IssueSnapshot SnapshotOf(TallyListing listing) => new()
    {
        Number = listing.Entry.Number,
        SectorId = listing.SectorId,
        CategoryId = listing.Entry.CategoryId,
        ReporterObjectId = "",
        CreatedAt = DateTimeOffset.MinValue,
        Deadline = listing.Deadline,
        SiteId = listing.Entry.SiteId,
        Status = listing.Entry.Status,
        PausedAt = listing.Entry.IsPaused ? DateTimeOffset.MinValue : null,
        Thread = listing.Entry.Thread,
    };

    private static FiguresBuilder Builder(SortedDictionary<string, FiguresBuilder> builders, string key)
    {
        if (!builders.TryGetValue(key, out var builder))
        {
            builder = new FiguresBuilder();
            builders.Add(key, builder);
        }
        return builder;
    }

    /// <summary>The figures of docs/indicateurs.md as sums of counters (see <see cref="StatusTally"/>).</summary>
    private sealed class FiguresBuilder
    {
        private readonly long[] _closed = new long[Enum.GetValues<IssueOutcome>().Length];
        private readonly SortedDictionary<int, long> _daysToResponse = [];
        private long _issues, _open, _overdue, _dueSoon, _paused, _reopened, _identified;
        private long _onTimeJudged, _onTimeMet, _onTimePaused, _yes, _partly, _no;

        public void Add(Cell cell, StatusPeriod? period, DateOnly today)
        {
            _issues += cell.Get(StatusTally.Issues);
            _open += cell.Get(StatusTally.Open);
            _paused += cell.Get(StatusTally.Paused);
            _reopened += cell.Get(StatusTally.Reopened);
            _overdue += cell.Get(TallyRange.BeforeToday, StatusTally.OpenUnanswered);
            _dueSoon += cell.Get(TallyRange.DueSoon, StatusTally.OpenUnanswered);

            var flows = cell.Dated[TallyRange.Period];
            _identified += flows.GetValueOrDefault(StatusTally.Identified);
            foreach (var outcome in Enum.GetValues<IssueOutcome>())
            {
                _closed[(int)outcome] += flows.GetValueOrDefault(StatusTally.ClosedPrefix + outcome);
            }
            var met = flows.GetValueOrDefault(StatusTally.Met);
            _onTimeMet += met;
            _onTimeJudged += met + flows.GetValueOrDefault(StatusTally.Late) + cell.Get(TallyRange.PeriodBeforeToday, StatusTally.Owed);
            _onTimePaused += flows.GetValueOrDefault(StatusTally.PausedAnswered) + cell.Get(TallyRange.PeriodBeforeToday, StatusTally.PausedUnanswered);
            _yes += flows.GetValueOrDefault(StatusTally.FollowUpPrefix + FollowUpAnswer.Yes);
            _partly += flows.GetValueOrDefault(StatusTally.FollowUpPrefix + FollowUpAnswer.Partly);
            _no += flows.GetValueOrDefault(StatusTally.FollowUpPrefix + FollowUpAnswer.No);
            foreach (var (field, count) in flows.Where(f => f.Key.StartsWith(StatusTally.ResponsePrefix, StringComparison.Ordinal)))
            {
                var days = int.Parse(field.AsSpan(StatusTally.ResponsePrefix.Length), System.Globalization.CultureInfo.InvariantCulture);
                _daysToResponse[days] = _daysToResponse.GetValueOrDefault(days) + count;
            }

            // Deadlines that slide with a running pause: K days ahead of today, never overdue.
            foreach (var (field, count) in cell.Stock)
            {
                if (Sliding(field, StatusTally.SlidingUnansweredPrefix) is { } unanswered && unanswered <= IndicatorCalculator.DueSoonDays)
                {
                    _dueSoon += count;
                }
                else if (Sliding(field, StatusTally.SlidingAnsweredPrefix) is { } answered && (period is null || period.Contains(today.AddDays(answered))))
                {
                    _onTimeJudged += count;
                    _onTimeMet += count;
                    _onTimePaused += count;
                }
            }
        }

        private static int? Sliding(string field, string prefix) =>
            field.StartsWith(prefix, StringComparison.Ordinal)
                ? int.Parse(field.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture)
                : null;

        public StatusFigures Build() => new()
        {
            Issues = (int)_issues,
            Open = (int)_open,
            Overdue = (int)_overdue,
            DueSoon = (int)_dueSoon,
            Paused = (int)_paused,
            Reopened = (int)_reopened,
            Identified = (int)_identified,
            Resolved = (int)_closed[(int)IssueOutcome.Resolved],
            ClosedByOutcome = Enum.GetValues<IssueOutcome>().ToDictionary(o => o, o => (int)_closed[(int)o]),
            OnTime = new Proportion((int)_onTimeMet, (int)_onTimeJudged),
            OnTimePaused = (int)_onTimePaused,
            MedianDaysToResponse = Median(),
            ResponsesMeasured = (int)_daysToResponse.Values.Sum(),
            FollowUp = new FollowUpCounts((int)_yes, (int)_partly, (int)_no),
        };

        /// <summary>The median of the days to response, from their counts (the values in order, the middle one or two).</summary>
        private double? Median()
        {
            var count = _daysToResponse.Values.Sum();
            if (count == 0)
            {
                return null;
            }
            int At(long index)
            {
                foreach (var (days, n) in _daysToResponse)
                {
                    if (index < n)
                    {
                        return days;
                    }
                    index -= n;
                }
                throw new InvalidOperationException("Index beyond the counts.");
            }
            var middle = count / 2;
            return count % 2 == 1 ? At(middle) : (At(middle - 1) + At(middle)) / 2.0;
        }
    }
}
