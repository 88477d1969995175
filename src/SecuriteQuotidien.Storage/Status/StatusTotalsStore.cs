using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Status;

/// <summary>A change of one issue's tally in a sector: its row's version, and the tally (null: the issue left the sector).</summary>
public sealed record TallyChange(IssueNumber Number, long Version, StatusTally? Tally);

/// <summary>
/// The status totals of each sector (<see cref="StatusTally"/>, <see cref="StatusTotals"/>), in the <c>StatusTotals</c>
/// table, one partition per sector. <see cref="ApplyAsync"/> replaces what issues contribute: each issue's applied row
/// and every counter and list row it touches change in one entity-group transaction, conditional on the ETags read,
/// and an issue is applied only at a newer version than its applied row's — so applying twice, out of order or from
/// two instances never counts anything twice, and the counters always equal the sum of the applied rows.
/// <see cref="ReadAsync"/> answers a request with point reads only (the counters of the years, months and days its
/// ranges need, then the listed issues), whatever the number of issues.
/// </summary>
public sealed partial class StatusTotalsStore(StorageTables tables, ILogger<StatusTotalsStore> logger)
{
    private const int MaxActions = 100;
    private const int MaxAttempts = 20;

    // Rows this instance wrote last (ETag and JSON), per sector: a batch needs not read them again. A row another
    // instance changed fails the transaction (412); the sector's cache is then dropped and the batch re-read.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (string ETag, string Json)>> _written = new(StringComparer.Ordinal);

    /// <summary>Whether the sector's totals exist (its stock row; written last by <see cref="RebuildAsync"/>).</summary>
    public async Task<bool> IsInitialisedAsync(string sectorId, CancellationToken cancellationToken) =>
        Cache(sectorId).ContainsKey(TallyRows.Stock)
        || (await tables.StatusTotals.GetEntityIfExistsAsync<TableEntity>(sectorId, TallyRows.Stock, select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue;

    /// <summary>Applies the changes of one sector's issues (idempotent; see the class).</summary>
    public async Task ApplyAsync(string sectorId, IReadOnlyList<TallyChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        // The latest version of each issue only.
        var latest = changes.GroupBy(c => c.Number).Select(g => g.MaxBy(c => c.Version)!).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyOnceAsync(sectorId, latest, firstAttempt: attempt == 1, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.IsLostRace() && attempt < MaxAttempts)
            {
                // Another instance wrote a row of this sector since it was read: read again, recompute.
                Cache(sectorId).Clear();
                LogRace(logger, sectorId, attempt);
            }
        }
    }

    /// <param name="firstAttempt">An issue at its first version (just created) has no applied row: not read, unless a
    /// first attempt found one (a rebuild counted it already).</param>
    private async Task ApplyOnceAsync(string sectorId, List<TallyChange> changes, bool firstAttempt, CancellationToken cancellationToken)
    {
        bool New(TallyChange change) => firstAttempt && change.Version == 1;
        var applied = await ReadRowsAsync(sectorId, changes.Where(c => !New(c)).Select(c => TallyRows.Issue(c.Number)), useCache: true, cancellationToken);
        var pending = new List<(TallyChange Change, AppliedBody? Old, string? OldETag)>();
        foreach (var change in changes)
        {
            var row = New(change) ? null : applied[TallyRows.Issue(change.Number)];
            var old = row is null ? null : JsonSerializer.Deserialize(row.Value.Json, TallyJsonContext.Default.AppliedBody);
            if (old is null || old.Version < change.Version)
            {
                pending.Add((change, old, row?.ETag));
            }
        }

        // Greedy groups under the transaction's limits; each group is applied whole or not at all.
        var group = new Batch(sectorId);
        foreach (var item in pending)
        {
            var touched = Touched(item.Change, item.Old);
            if (group.Changes.Count > 0 && group.RowKeys.Union(touched).Count() + group.Changes.Count + 1 > MaxActions)
            {
                await group.SubmitAsync(this, cancellationToken);
                group = new Batch(sectorId);
            }
            group.Add(item.Change, item.Old, item.OldETag, touched);
        }
        if (group.Changes.Count > 0)
        {
            await group.SubmitAsync(this, cancellationToken);
        }
    }

    /// <summary>The counter and list rows a change rewrites.</summary>
    private static HashSet<string> Touched(TallyChange change, AppliedBody? old)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { TallyRows.Stock };
        foreach (var count in (old?.Counts ?? []).Select(TallyRows.CountOf).Concat(change.Tally?.Counts() ?? []))
        {
            if (count.Bucket.Day is { } day)
            {
                keys.Add(TallyRows.Year(day.Year));
                keys.Add(TallyRows.Month(day));
                keys.Add(TallyRows.Day(day));
            }
        }
        if (old?.LateDay is { } oldDay)
        {
            keys.Add(TallyRows.LatePrefix + oldDay);
        }
        if (change.Tally is { DeadlineEntry: not null, Deadline: { } deadline })
        {
            keys.Add(TallyRows.Late(deadline));
        }
        if (old?.Sliding is not null || change.Tally?.SlidingEntry is not null)
        {
            keys.Add(TallyRows.Sliding);
        }
        return keys;
    }

    /// <summary>Changes applied together: their applied rows and the rows they touch, in one transaction.</summary>
    private sealed class Batch(string sectorId)
    {
        public List<(TallyChange Change, AppliedBody? Old, string? OldETag)> Changes { get; } = [];
        public HashSet<string> RowKeys { get; } = new(StringComparer.Ordinal);

        public void Add(TallyChange change, AppliedBody? old, string? oldETag, HashSet<string> touched)
        {
            Changes.Add((change, old, oldETag));
            RowKeys.UnionWith(touched);
        }

        public async Task SubmitAsync(StatusTotalsStore store, CancellationToken cancellationToken)
        {
            var rows = await store.ReadRowsAsync(sectorId, RowKeys, useCache: true, cancellationToken);
            var bodies = new Bodies(key => rows[key]?.Json);
            var actions = new List<TableTransactionAction>();
            foreach (var (change, old, oldETag) in Changes)
            {
                var added = (change.Tally?.Counts() ?? []).Select(TallyRows.KeyOf).ToList();
                var delta = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var key in old?.Counts ?? [])
                {
                    delta[key] = delta.GetValueOrDefault(key) - 1;
                }
                foreach (var key in added)
                {
                    delta[key] = delta.GetValueOrDefault(key) + 1;
                }
                foreach (var (key, value) in delta.Where(d => d.Value != 0))
                {
                    AddCount(TallyRows.CountOf(key), value, bodies.CounterOf);
                }
                var number = change.Number.ToString();
                if (old?.LateDay is { } oldDay)
                {
                    bodies.ListOf(TallyRows.LatePrefix + oldDay).Entries.RemoveAll(e => e.Number == number);
                }
                if (old?.Sliding is not null)
                {
                    bodies.ListOf(TallyRows.Sliding).Entries.RemoveAll(e => e.Number == number);
                }
                var effect = bodies.AddEntries(change.Tally);

                var appliedKey = TallyRows.Issue(change.Number);
                if (change.Tally is null)
                {
                    if (oldETag is not null)
                    {
                        actions.Add(new(TableTransactionActionType.Delete, new TableEntity(sectorId, appliedKey), new ETag(oldETag)));
                    }
                    continue;
                }
                var body = effect.Applied(change.Version, added);
                var appliedRow = TallyRows.Write(sectorId, appliedKey, body, TallyJsonContext.Default.AppliedBody);
                actions.Add(oldETag is null
                    ? new(TableTransactionActionType.Add, appliedRow)
                    : new(TableTransactionActionType.UpdateReplace, appliedRow, new ETag(oldETag)));
            }

            var written = new List<(string Key, string? Json)>();
            foreach (var (key, body) in bodies.Counters)
            {
                written.Add((key, Action(key, body, TallyJsonContext.Default.CounterBody, body.IsEmpty && key != TallyRows.Stock)));
            }
            foreach (var (key, body) in bodies.Lists)
            {
                written.Add((key, Action(key, body, TallyJsonContext.Default.ListBody, body.Entries.Count == 0)));
            }

            string? Action<T>(string key, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, bool empty)
            {
                var existing = rows[key];
                if (empty)
                {
                    if (existing is { } e)
                    {
                        actions.Add(new(TableTransactionActionType.Delete, new TableEntity(sectorId, key), new ETag(e.ETag)));
                    }
                    return null;
                }
                var row = TallyRows.Write(sectorId, key, body, type);
                actions.Add(existing is { } current
                    ? new(TableTransactionActionType.UpdateReplace, row, new ETag(current.ETag))
                    : new(TableTransactionActionType.Add, row));
                return JsonSerializer.Serialize(body, type);
            }

            if (actions.Count == 0)
            {
                return;
            }
            var response = await store.Table.SubmitTransactionAsync(actions, cancellationToken);
            var cache = store.Cache(sectorId);
            // Applied rows are not cached (read once per change); counter and list rows are, with their new ETags.
            foreach (var (key, json) in written)
            {
                var index = actions.FindIndex(a => a.Entity.RowKey == key);
                if (json is null || response.Value[index].Headers.ETag is not { } etag)
                {
                    cache.TryRemove(key, out _);
                }
                else
                {
                    cache[key] = (etag.ToString(), json);
                }
            }
        }
    }

    /// <summary>
    /// Writes a sector's totals afresh from the tallies of all its issues (first start over existing issues, or a
    /// repair): every applied, counter and list row recomputed in memory, rows no longer needed deleted, the stock row
    /// written last — until then <see cref="IsInitialisedAsync"/> is false and nothing is applied incrementally.
    /// The caller holds the sector's rebuild lease.
    /// </summary>
    public async Task RebuildAsync(string sectorId, IReadOnlyList<TallyChange> all, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(all);
        var bodies = new Bodies(_ => null);
        bodies.CounterOf(TallyRows.Stock);
        var rows = new List<TableEntity>();
        foreach (var change in all.Where(c => c.Tally is not null).GroupBy(c => c.Number).Select(g => g.MaxBy(c => c.Version)!))
        {
            var counts = change.Tally!.Counts().ToList();
            foreach (var count in counts)
            {
                AddCount(count, 1, bodies.CounterOf);
            }
            var effect = bodies.AddEntries(change.Tally);
            rows.Add(TallyRows.Write(sectorId, TallyRows.Issue(change.Number), effect.Applied(change.Version, [.. counts.Select(TallyRows.KeyOf)]),
                TallyJsonContext.Default.AppliedBody));
        }
        var counters = bodies.Counters;
        var lists = bodies.Lists;
        rows.AddRange(counters.Where(c => c.Key != TallyRows.Stock).Select(c => TallyRows.Write(sectorId, c.Key, c.Value, TallyJsonContext.Default.CounterBody)));
        rows.AddRange(lists.Select(l => TallyRows.Write(sectorId, l.Key, l.Value, TallyJsonContext.Default.ListBody)));

        var kept = rows.Select(r => r.RowKey).Append(TallyRows.Stock).ToHashSet(StringComparer.Ordinal);
        var stale = new List<TableEntity>();
        await foreach (var row in tables.StatusTotals.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sectorId}"),
            select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (!kept.Contains(row.RowKey))
            {
                stale.Add(new TableEntity(sectorId, row.RowKey));
            }
        }
        Cache(sectorId).Clear();
        foreach (var chunk in stale.Chunk(MaxActions))
        {
            await tables.StatusTotals.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        }
        foreach (var chunk in rows.Chunk(MaxActions))
        {
            await tables.StatusTotals.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken);
        }
        await tables.StatusTotals.UpsertEntityAsync(TallyRows.Write(sectorId, TallyRows.Stock, counters[TallyRows.Stock], TallyJsonContext.Default.CounterBody),
            TableUpdateMode.Replace, cancellationToken);
        LogRebuilt(logger, sectorId, rows.Count);
    }

    /// <summary>The version each issue of the sector is applied at (for the reconciliation pass).</summary>
    public async Task<IReadOnlyDictionary<IssueNumber, long>> AppliedVersionsAsync(string sectorId, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<IssueNumber, long>();
        await foreach (var row in tables.StatusTotals.QueryAsync<TableEntity>(TableKey.PrefixFilter(sectorId, TallyRows.IssuePrefix), cancellationToken: cancellationToken))
        {
            var body = AppliedOf(row);
            versions[IssueNumber.Parse(row.RowKey[TallyRows.IssuePrefix.Length..])] = body.Version;
        }
        return versions;
    }

    private static AppliedBody AppliedOf(TableEntity row) => TallyRows.Read(row, TallyJsonContext.Default.AppliedBody);

    /// <summary>The counter and list rows a transaction (or a rebuild) rewrites, read once from their JSON.</summary>
    private sealed class Bodies(Func<string, string?> json)
    {
        public Dictionary<string, CounterBody> Counters { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, ListBody> Lists { get; } = new(StringComparer.Ordinal);

        public CounterBody CounterOf(string key) => Get(Counters, key, TallyJsonContext.Default.CounterBody);

        public ListBody ListOf(string key) => Get(Lists, key, TallyJsonContext.Default.ListBody);

        /// <summary>Lists the tally's issue where it belongs (its deadline's day, or the sliding row).</summary>
        public Entries AddEntries(StatusTally? tally)
        {
            var late = tally?.DeadlineEntry is { } entry && tally.Deadline is { } deadline ? (EntryBody.Of(entry), deadline) : ((EntryBody, DateOnly)?)null;
            if (late is { } listed)
            {
                ListOf(TallyRows.Late(listed.Item2)).Entries.Add(listed.Item1);
            }
            var sliding = tally?.SlidingEntry is { } s ? EntryBody.Of(s) : null;
            if (sliding is not null)
            {
                ListOf(TallyRows.Sliding).Entries.Add(sliding);
            }
            return new Entries(late, sliding);
        }

        private T Get<T>(Dictionary<string, T> bodies, string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : new()
        {
            if (!bodies.TryGetValue(key, out var body))
            {
                body = json(key) is { } text ? JsonSerializer.Deserialize(text, type)! : new T();
                bodies[key] = body;
            }
            return body;
        }
    }

    /// <summary>Where an issue is listed; with its counts, what its applied row records.</summary>
    private sealed record Entries((EntryBody Entry, DateOnly Day)? Late, EntryBody? Sliding)
    {
        public AppliedBody Applied(long version, List<string> counts) => new()
        {
            Version = version,
            Counts = counts,
            LateDay = Late?.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Late = Late?.Entry,
            Sliding = Sliding,
        };
    }

    /// <summary>Adds <paramref name="delta"/> to one counter: in the stock row, or in the day, month and year rows of its date.</summary>
    private static void AddCount(TallyCount count, long delta, Func<string, CounterBody> counterOf)
    {
        if (count.Bucket.Day is not { } day)
        {
            CounterBody.Add(counterOf(TallyRows.Stock).Totals, count.CategoryId, count.Field, delta);
            return;
        }
        CounterBody.Add(counterOf(TallyRows.Day(day)).Totals, count.CategoryId, count.Field, delta);
        var month = counterOf(TallyRows.Month(day));
        var year = counterOf(TallyRows.Year(day.Year));
        CounterBody.Add(month.Totals, count.CategoryId, count.Field, delta);
        CounterBody.Add(year.Totals, count.CategoryId, count.Field, delta);
        var stock = counterOf(TallyRows.Stock);
        if (count.Field == StatusTally.OpenUnanswered)
        {
            // Open and waiting: today's state, kept per deadline day in the stock row (overdue, due soon, the lists).
            stock.AddDetail(TallyRows.DayKey(day), count.CategoryId, count.Field, delta);
        }
        else if (StatusTally.BeforeTodayFields.Contains(count.Field))
        {
            month.AddDetail(TallyRows.DayOfMonth(day), count.CategoryId, count.Field, delta);
            year.AddDetail(TallyRows.MonthOfYear(day), count.CategoryId, count.Field, delta);
        }
        stock.AddYear(day.Year, delta);
    }

    private TableClient Table => tables.StatusTotals;

    private ConcurrentDictionary<string, (string ETag, string Json)> Cache(string sectorId) =>
        _written.GetOrAdd(sectorId, _ => new ConcurrentDictionary<string, (string, string)>(StringComparer.Ordinal));

    /// <summary>Point reads of rows (in parallel); from this instance's cache of its own writes when allowed. Missing rows are null.</summary>
    private async Task<Dictionary<string, (string ETag, string Json)?>> ReadRowsAsync(string sectorId, IEnumerable<string> rowKeys, bool useCache,
        CancellationToken cancellationToken)
    {
        var cache = Cache(sectorId);
        var keys = rowKeys.Distinct(StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(keys.Select(async key =>
        {
            if (useCache && cache.TryGetValue(key, out var cached))
            {
                return (Key: key, Row: ((string, string)?)cached);
            }
            var row = await tables.StatusTotals.GetEntityIfExistsAsync<TableEntity>(sectorId, key, cancellationToken: cancellationToken);
            return (Key: key, Row: row.HasValue ? ((string, string)?)(row.Value!.ETag.ToString(), Json(row.Value!)) : null);
        }));
        return found.ToDictionary(f => f.Key, f => f.Row, StringComparer.Ordinal);
    }

    private static string Json(TableEntity row)
    {
        var count = row.GetInt32("BodyChunks") ?? 0;
        return string.Concat(Enumerable.Range(0, count).Select(i => row.GetString("Body" + i)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Status totals of sector {SectorId} rebuilt: {RowCount} rows")]
    private static partial void LogRebuilt(ILogger logger, string sectorId, int rowCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Status totals of sector {SectorId} changed concurrently (attempt {Attempt}); re-reading")]
    private static partial void LogRace(ILogger logger, string sectorId, int attempt);
}
