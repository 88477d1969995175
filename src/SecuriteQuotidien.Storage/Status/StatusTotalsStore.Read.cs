using System.Globalization;
using System.Text.Json;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Storage.Status;

public sealed partial class StatusTotalsStore
{
    /// <summary>
    /// The totals of <paramref name="sectorIds"/> for <paramref name="ranges"/>, with the first
    /// <paramref name="overdueListed"/> overdue and <paramref name="dueSoonListed"/> due-soon issues of
    /// <paramref name="categoryIds"/> (all when empty), oldest deadline first (a whole day more when it ties). Point
    /// reads only: per sector its stock row (today's counts, the open unanswered issues per deadline day), the year,
    /// month and day rows the period and today cut it into, then the list rows of the deadline days wanted.
    /// </summary>
    public async Task<StatusTotals> ReadAsync(IReadOnlyCollection<string> sectorIds, IReadOnlyCollection<string> categoryIds, TallyRanges ranges,
        DateOnly today, int overdueListed, int dueSoonListed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sectorIds);
        ArgumentNullException.ThrowIfNull(categoryIds);
        var totals = new StatusTotals(ranges);
        var categories = categoryIds.Count == 0 ? null : categoryIds.ToHashSet(StringComparer.Ordinal);
        await Task.WhenAll(sectorIds.Distinct(StringComparer.Ordinal).Select(sector =>
            new SectorReader(this, sector, categories, ranges, today).ReadAsync(totals, overdueListed, dueSoonListed, cancellationToken)));
        return totals;
    }

    private enum Level { Year, Month, Day }

    /// <summary>Whole years, then whole months, then days, covering <c>[from, to]</c>.</summary>
    private static IEnumerable<(Level Level, DateOnly Day)> Segments(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to;)
        {
            var endOfMonth = new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1);
            if (day is { Day: 1, Month: 1 } && new DateOnly(day.Year, 12, 31) <= to)
            {
                yield return (Level.Year, day);
                day = day.AddYears(1);
            }
            else if (day.Day == 1 && endOfMonth <= to)
            {
                yield return (Level.Month, day);
                day = endOfMonth.AddDays(1);
            }
            else
            {
                yield return (Level.Day, day);
                day = day.AddDays(1);
            }
        }
    }

    /// <summary>One sector's reads for one request.</summary>
    private sealed class SectorReader(StatusTotalsStore store, string sectorId, HashSet<string>? categories, TallyRanges ranges, DateOnly today)
    {
        private readonly Dictionary<string, CounterBody?> _rows = new(StringComparer.Ordinal);

        public async Task ReadAsync(StatusTotals totals, int overdueListed, int dueSoonListed, CancellationToken cancellationToken)
        {
            // The trend's day rows in one range query, beside the stock row: they also hold the period's days in those weeks.
            var trendRead = TrendDaysAsync(cancellationToken);
            var stock = (await LoadAsync([TallyRows.Stock], cancellationToken))[TallyRows.Stock];
            var (trend, trendRows) = await trendRead;
            foreach (var (key, row) in trendRows)
            {
                _rows.TryAdd(key, row);
            }
            if (stock is null)
            {
                return; // no totals for this sector yet (StatusTallyProjector builds them)
            }
            var years = (stock.Years ?? []).Where(y => y.Value != 0).Select(y => int.Parse(y.Key, CultureInfo.InvariantCulture)).Order().ToList();
            // The open unanswered issues per deadline day: overdue, due soon and the lists, from the stock row alone.
            var waiting = (stock.Detail ?? []).Select(d => (Day: DateOnly.ParseExact(d.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture), Counts: d.Value))
                .OrderBy(d => d.Day).ToList();

            // Which counters of which rows the period's ranges sum (the open unanswered ones are in the stock row).
            var reads = new List<(string RowKey, string? Sub, TallyRange Range)>();
            foreach (var range in new[] { TallyRange.Period, TallyRange.PeriodBeforeToday })
            {
                var span = ranges[range];
                if (span.IsEmpty || years.Count == 0)
                {
                    continue;
                }
                var from = span.From ?? new DateOnly(years[0], 1, 1);
                var to = span.To ?? new DateOnly(years[^1], 12, 31);
                var cut = range != TallyRange.Period;
                foreach (var (level, day) in Segments(from, to))
                {
                    if (!years.Contains(day.Year))
                    {
                        continue;
                    }
                    reads.Add(level switch
                    {
                        Level.Year => (TallyRows.Year(day.Year), null, range),
                        Level.Month => cut ? (TallyRows.Year(day.Year), TallyRows.MonthOfYear(day), range) : (TallyRows.Month(day), null, range),
                        _ => cut ? (TallyRows.Month(day), TallyRows.DayOfMonth(day), range) : (TallyRows.Day(day), null, range),
                    });
                }
            }
            var rows = await LoadAsync(reads.Select(r => r.RowKey), cancellationToken);
            var overdue = overdueListed > 0 ? await ListedAsync(waiting.Where(w => ranges.BeforeToday.Contains(w.Day)), overdueListed, [], cancellationToken) : [];
            var dueSoon = dueSoonListed > 0 ? await DueSoonAsync(waiting, dueSoonListed, cancellationToken) : [];

            lock (totals)
            {
                foreach (var (category, fields) in stock.Totals)
                {
                    var cell = totals.CellOf(sectorId, category);
                    foreach (var (field, count) in fields)
                    {
                        cell.AddTo(cell.Stock, field, count);
                    }
                }
                foreach (var (day, counts) in waiting)
                {
                    foreach (var range in new[] { TallyRange.BeforeToday, TallyRange.DueSoon }.Where(r => ranges[r].Contains(day)))
                    {
                        foreach (var (category, fields) in counts)
                        {
                            var cell = totals.CellOf(sectorId, category);
                            cell.AddTo(cell.Dated[range], StatusTally.OpenUnanswered, fields.GetValueOrDefault(StatusTally.OpenUnanswered));
                        }
                    }
                }
                foreach (var (rowKey, sub, range) in reads)
                {
                    if (rows[rowKey] is not { } row || (sub is null ? row.Totals : row.Detail?.GetValueOrDefault(sub)) is not { } counts)
                    {
                        continue;
                    }
                    foreach (var (category, fields) in counts)
                    {
                        var cell = totals.CellOf(sectorId, category);
                        foreach (var (field, count) in fields.Where(f => TallyRanges.Sums(f.Key, range)))
                        {
                            cell.AddTo(cell.Dated[range], field, count);
                        }
                    }
                }
                foreach (var (day, counts) in trend)
                {
                    foreach (var (category, fields) in counts.Where(c => InScope(c.Key)))
                    {
                        var cell = totals.CellOf(sectorId, category);
                        foreach (var (field, count) in fields)
                        {
                            totals.AddToTrend(cell, day, field, count);
                        }
                    }
                }
                totals.Overdue.AddRange(overdue);
                totals.DueSoon.AddRange(dueSoon);
            }
        }

        /// <summary>
        /// The issues listed under the first of <paramref name="days"/> that hold some in scope, until <paramref name="wanted"/>
        /// are listed with <paramref name="extra"/> (whole days; <paramref name="extra"/> counts up to the last day read).
        /// The days' counts say which list rows hold them: those are read at once.
        /// </summary>
        private async Task<List<TallyListing>> ListedAsync(IEnumerable<(DateOnly Day, Dictionary<string, Dictionary<string, long>> Counts)> days, int wanted,
            IReadOnlyList<TallyListing> extra, CancellationToken cancellationToken)
        {
            var needed = new List<DateOnly>();
            long counted = 0;
            foreach (var (day, counts) in days)
            {
                var inScope = counts.Where(c => InScope(c.Key)).Sum(c => c.Value.GetValueOrDefault(StatusTally.OpenUnanswered));
                if (inScope <= 0)
                {
                    continue;
                }
                needed.Add(day);
                counted += inScope;
                if (counted + extra.Count(l => l.Deadline <= day) >= wanted)
                {
                    return [.. await ListedOnAsync(needed, cancellationToken), .. extra.Where(l => l.Deadline <= day)];
                }
            }
            return [.. await ListedOnAsync(needed, cancellationToken), .. extra];
        }

        /// <summary>The issues due today and in the next days (deadlines that slide with a pause included), nearest first.</summary>
        private async Task<List<TallyListing>> DueSoonAsync(List<(DateOnly Day, Dictionary<string, Dictionary<string, long>> Counts)> waiting, int wanted,
            CancellationToken cancellationToken)
        {
            var slidingRow = await store.ReadRowsAsync(sectorId, [TallyRows.Sliding], useCache: false, cancellationToken);
            var sliding = slidingRow[TallyRows.Sliding] is { } s
                ? JsonSerializer.Deserialize(s.Json, TallyJsonContext.Default.ListBody)!.Entries
                    .Where(e => e.DaysLeft <= IndicatorCalculator.DueSoonDays && InScope(e.Category))
                    .Select(e => new TallyListing(sectorId, e.ToEntry(), today.AddDays(e.DaysLeft!.Value))).ToList()
                : [];
            return await ListedAsync(waiting.Where(w => ranges.DueSoon.Contains(w.Day)), wanted, sliding, cancellationToken);
        }

        private async Task<IEnumerable<TallyListing>> ListedOnAsync(IReadOnlyList<DateOnly> days, CancellationToken cancellationToken)
        {
            var rows = await store.ReadRowsAsync(sectorId, days.Select(TallyRows.Late), useCache: false, cancellationToken);
            return days.SelectMany(day => rows[TallyRows.Late(day)] is { } row
                ? JsonSerializer.Deserialize(row.Json, TallyJsonContext.Default.ListBody)!.Entries
                    .Where(e => InScope(e.Category)).Select(e => new TallyListing(sectorId, e.ToEntry(), day))
                : []);
        }

        /// <summary>
        /// The day rows of the trend's weeks, read with one range query in the sector's partition and kept as read
        /// (every day of the range: a day without a row is known to have none).
        /// </summary>
        private async Task<(List<(DateOnly Day, Dictionary<string, Dictionary<string, long>> Counts)> Days, Dictionary<string, CounterBody?> Rows)> TrendDaysAsync(
            CancellationToken cancellationToken)
        {
            var days = new List<(DateOnly, Dictionary<string, Dictionary<string, long>>)>();
            var found = new Dictionary<string, CounterBody?>(StringComparer.Ordinal);
            if (ranges.Trend is not { From: { } from, To: { } to } || ranges.Trend.IsEmpty)
            {
                return (days, found);
            }
            var filter = Azure.Data.Tables.TableClient.CreateQueryFilter(
                $"PartitionKey eq {sectorId} and RowKey ge {TallyRows.Day(from)} and RowKey le {TallyRows.Day(to)}");
            await foreach (var row in store.Table.QueryAsync<Azure.Data.Tables.TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var body = JsonSerializer.Deserialize(Json(row), TallyJsonContext.Default.CounterBody)!;
                found[row.RowKey] = body;
                days.Add((DateOnly.ParseExact(row.RowKey.AsSpan(2), "yyyy-MM-dd", CultureInfo.InvariantCulture), body.Totals));
            }
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                found.TryAdd(TallyRows.Day(day), null);
            }
            return (days, found);
        }

        private bool InScope(string category) => categories is null || categories.Contains(category);

        /// <summary>Counter rows, each read once per request (fresh: another instance may have written them).</summary>
        private async Task<Dictionary<string, CounterBody?>> LoadAsync(IEnumerable<string> rowKeys, CancellationToken cancellationToken)
        {
            var missing = rowKeys.Where(k => !_rows.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                var read = await store.ReadRowsAsync(sectorId, missing, useCache: false, cancellationToken);
                foreach (var (key, row) in read)
                {
                    _rows[key] = row is { } r ? JsonSerializer.Deserialize(r.Json, TallyJsonContext.Default.CounterBody) : null;
                }
            }
            return _rows;
        }
    }
}
