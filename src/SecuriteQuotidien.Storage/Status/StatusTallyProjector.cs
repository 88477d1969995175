using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Coordination;
using SecuriteQuotidien.Storage.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Status;

/// <summary>
/// Keeps the status totals (<see cref="StatusTotalsStore"/>) in step with the issue rows. Every write of an issue row
/// puts, in the same transaction, a <c>tally|{number}</c> marker in the sector's partition (the issue's version), then
/// hands the change here: it is applied in the background, grouped per sector (one transaction for many changes), and
/// the marker deleted. A change lost with its instance leaves its marker: <see cref="RecoverAsync"/> applies the
/// issue's current row again. Applying is idempotent (versions), so a recovery that overlaps the live path changes
/// nothing twice; <see cref="ReconcileAsync"/> compares every issue's row with its applied version and repairs the
/// difference, <see cref="EnsureInitialisedAsync"/> builds a sector's totals from its issues the first time.
/// </summary>
public sealed partial class StatusTallyProjector(
    StorageTables tables,
    StatusTotalsStore store,
    IDirectory directory,
    IIssueEventRepository events,
    ILeaseStore leases,
    TimeProvider time,
    ILogger<StatusTallyProjector> logger) : IAsyncDisposable
{
    private const int MaxMarkersPerTransaction = 100;
    private static readonly TimeSpan RebuildLease = TimeSpan.FromMinutes(10);

    private readonly string _owner = "tally-" + Guid.NewGuid().ToString("N");
    private readonly Dictionary<string, SectorQueue> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SemaphoreSlim> _rebuilding = new(StringComparer.Ordinal);
    private readonly HashSet<string> _initialised = new(StringComparer.Ordinal);

    /// <summary>A change to apply: the issue row as written (null: it left the sector) and its marker's ETag.</summary>
    private sealed record Pending(IssueNumber Number, long Version, Issue? Issue, DateTimeOffset At, string? MarkerETag);

    private sealed class SectorQueue
    {
        public List<Pending> Items { get; } = [];
        public Task Draining { get; set; } = Task.CompletedTask;
    }

    /// <summary>Test hook: called before each sector batch is applied; throwing simulates a crash there.</summary>
    internal Func<string, IReadOnlyList<IssueNumber>, Task>? BeforeApply { get; set; }

    /// <summary>Test hook: called once a batch is applied, before its markers are deleted; throwing simulates a crash there.</summary>
    internal Func<string, IReadOnlyList<IssueNumber>, Task>? AfterApply { get; set; }

    /// <summary>Changes applied since start (for tests and diagnostics).</summary>
    public long Applied => Interlocked.Read(ref _applied);
    private long _applied;

    /// <summary>Queues a written issue row for the totals; returns at once.</summary>
    public void Enqueue(string sectorId, IssueNumber number, long version, Issue? issue, string? markerETag)
    {
        var pending = new Pending(number, version, issue, time.GetUtcNow(), markerETag);
        lock (_queues)
        {
            if (!_queues.TryGetValue(sectorId, out var queue))
            {
                queue = new SectorQueue();
                _queues[sectorId] = queue;
            }
            queue.Items.Add(pending);
            if (queue.Draining.IsCompleted)
            {
                // Background work: it does not carry the writer's execution context (its async locals, its activity).
                using (ExecutionContext.SuppressFlow())
                {
                    queue.Draining = Task.Run(() => DrainAsync(sectorId, queue));
                }
            }
        }
    }

    /// <summary>Waits until the changes queued so far for these sectors are applied (or failed, left to recovery).</summary>
    public async Task FlushAsync(IEnumerable<string> sectorIds, CancellationToken cancellationToken)
    {
        foreach (var sectorId in sectorIds.Distinct(StringComparer.Ordinal))
        {
            await EnsureInitialisedAsync(sectorId, cancellationToken);
            Task draining;
            lock (_queues)
            {
                draining = _queues.TryGetValue(sectorId, out var queue) ? queue.Draining : Task.CompletedTask;
            }
            await draining.WaitAsync(cancellationToken);
        }
    }

    /// <summary>On shutdown, lets the changes already queued be applied (a few seconds at most; the rest is left to recovery).</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] draining;
        lock (_queues)
        {
            draining = [.. _queues.Values.Select(q => q.Draining)];
        }
        await Task.WhenAny(Task.WhenAll(draining), Task.Delay(TimeSpan.FromSeconds(10)));
    }

    private async Task DrainAsync(string sectorId, SectorQueue queue)
    {
        while (true)
        {
            List<Pending> batch;
            lock (_queues)
            {
                if (queue.Items.Count == 0)
                {
                    return;
                }
                batch = [.. queue.Items];
                queue.Items.Clear();
            }
            try
            {
                await ApplyAsync(sectorId, batch, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The markers stay: the recovery pass applies these issues again.
                LogApplyFailed(logger, ex, sectorId, batch.Count, ex.GetType().Name);
            }
        }
    }

    private async Task ApplyAsync(string sectorId, IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        await EnsureInitialisedAsync(sectorId, cancellationToken);
        if (BeforeApply is { } hook)
        {
            await hook(sectorId, [.. batch.Select(p => p.Number)]);
        }
        var changes = await Task.WhenAll(batch.Select(async p =>
            new TallyChange(p.Number, p.Version, p.Issue is null ? null : StatusTally.Of(await WithClockAsync(p.Issue, cancellationToken), DelayOf(p.Issue), p.At))));
        await store.ApplyAsync(sectorId, changes, cancellationToken);
        Interlocked.Add(ref _applied, changes.Length);
        if (AfterApply is { } after)
        {
            await after(sectorId, [.. batch.Select(p => p.Number)]);
        }
        await DeleteMarkersAsync(sectorId, [.. batch.Where(p => p.MarkerETag is not null)], cancellationToken);
    }

    /// <summary>Deletes the markers of applied changes, unless a later change rewrote them (ETag): one transaction per hundred.</summary>
    private async Task DeleteMarkersAsync(string sectorId, IReadOnlyList<Pending> applied, CancellationToken cancellationToken)
    {
        foreach (var chunk in applied.GroupBy(p => p.Number).Select(g => g.Last()).Chunk(MaxMarkersPerTransaction))
        {
            var deletions = chunk.Select(p => new TableTransactionAction(TableTransactionActionType.Delete,
                new TableEntity(sectorId, IssueRows.TallyRowKey(p.Number)), new ETag(p.MarkerETag!))).ToList();
            try
            {
                await tables.Issues.SubmitTransactionAsync(deletions, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.IsLostRace())
            {
                // A marker was rewritten by a later change (that change deletes it) or already removed: the others one by one.
                await Task.WhenAll(deletions.Select(async d =>
                {
                    try
                    {
                        await tables.Issues.DeleteEntityAsync(sectorId, d.Entity.RowKey, d.ETag, cancellationToken);
                    }
                    catch (RequestFailedException lost) when (lost.IsLostRace())
                    {
                    }
                }));
            }
        }
    }

    /// <summary>
    /// Applies the changes whose marker is older than <paramref name="olderThan"/> (their instance stopped before
    /// applying them) from the issues' current rows. Returns how many were applied.
    /// </summary>
    public async Task<int> RecoverAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var recovered = 0;
        foreach (var sector in directory.Sectors)
        {
            var markers = new List<(IssueNumber Number, long Version, string ETag)>();
            await foreach (var row in tables.Issues.QueryAsync<TableEntity>(TableKey.PrefixFilter(sector.Id, IssueRows.TallyPrefix), cancellationToken: cancellationToken))
            {
                if (row.GetDateTimeOffset("At") < olderThan)
                {
                    markers.Add((IssueNumber.Parse(row.GetString("Number")), IssueRows.VersionOf(row), row.ETag.ToString()));
                }
            }
            if (markers.Count == 0)
            {
                continue;
            }
            var pending = await Task.WhenAll(markers.Select(async m =>
            {
                var row = await tables.Issues.GetEntityIfExistsAsync<TableEntity>(sector.Id, IssueRows.IssueRowKey(m.Number), cancellationToken: cancellationToken);
                return row.HasValue
                    ? new Pending(m.Number, IssueRows.VersionOf(row.Value!), IssueRows.FromRow(row.Value!), time.GetUtcNow(), m.ETag)
                    : new Pending(m.Number, m.Version, null, time.GetUtcNow(), m.ETag);
            }));
            await ApplyAsync(sector.Id, pending, cancellationToken);
            recovered += pending.Length;
        }
        if (recovered > 0)
        {
            LogRecovered(logger, recovered);
        }
        return recovered;
    }

    /// <summary>
    /// Compares every issue row of the sector with the version its totals hold, and applies the issues that differ
    /// (changed, missing, or gone from the sector). Returns how many were repaired.
    /// </summary>
    public async Task<int> ReconcileAsync(string sectorId, CancellationToken cancellationToken)
    {
        await EnsureInitialisedAsync(sectorId, cancellationToken);
        var applied = await store.AppliedVersionsAsync(sectorId, cancellationToken);
        var rows = await ListRowsAsync(sectorId, cancellationToken);
        var now = time.GetUtcNow();
        var repairs = rows.Where(r => !applied.TryGetValue(r.Issue.Number, out var version) || version != r.Version)
            .Select(r => new Pending(r.Issue.Number, r.Version, r.Issue, now, null))
            .Concat(applied.Keys.Except(rows.Select(r => r.Issue.Number)).Select(n => new Pending(n, long.MaxValue, null, now, null)))
            .ToList();
        if (repairs.Count > 0)
        {
            await ApplyAsync(sectorId, repairs, cancellationToken);
            LogReconciled(logger, sectorId, repairs.Count);
        }
        return repairs.Count;
    }

    /// <summary>
    /// Builds the sector's totals from all its issues if they do not exist yet (first start over existing issues),
    /// under a lease so that one instance builds them. Throws while another instance is building them.
    /// </summary>
    public async Task EnsureInitialisedAsync(string sectorId, CancellationToken cancellationToken)
    {
        lock (_initialised)
        {
            if (_initialised.Contains(sectorId))
            {
                return;
            }
        }
        SemaphoreSlim gate;
        lock (_rebuilding)
        {
            if (!_rebuilding.TryGetValue(sectorId, out gate!))
            {
                gate = new SemaphoreSlim(1, 1);
                _rebuilding[sectorId] = gate;
            }
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!await store.IsInitialisedAsync(sectorId, cancellationToken))
            {
                var lease = await leases.TryAcquireAsync("status-totals:" + sectorId, _owner, RebuildLease, cancellationToken)
                    ?? throw new InvalidOperationException($"The status totals of sector {sectorId} are being built by another instance.");
                try
                {
                    if (!await store.IsInitialisedAsync(sectorId, cancellationToken))
                    {
                        var rows = await ListRowsAsync(sectorId, cancellationToken);
                        var now = time.GetUtcNow();
                        var tallies = await Task.WhenAll(rows.Select(async r =>
                            new TallyChange(r.Issue.Number, r.Version, StatusTally.Of(await WithClockAsync(r.Issue, cancellationToken), DelayOf(r.Issue), now))));
                        await store.RebuildAsync(sectorId, tallies, cancellationToken);
                    }
                }
                finally
                {
                    await leases.ReleaseAsync(lease, cancellationToken);
                }
            }
            lock (_initialised)
            {
                _initialised.Add(sectorId);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Every issue row of the sector with its version (the columns the totals need).</summary>
    private async Task<List<(Issue Issue, long Version)>> ListRowsAsync(string sectorId, CancellationToken cancellationToken)
    {
        var rows = new List<(Issue, long)>();
        await foreach (var row in tables.Issues.QueryAsync<TableEntity>(TableKey.PrefixFilter(sectorId, IssueRows.IssuePrefix),
            select: IssueRows.SummaryColumns, cancellationToken: cancellationToken))
        {
            rows.Add((IssueRows.FromRow(row), IssueRows.VersionOf(row)));
        }
        return rows;
    }

    /// <summary>An issue stored before its clock and follow-up were kept on it gets them from its timeline.</summary>
    private async Task<Issue> WithClockAsync(Issue issue, CancellationToken cancellationToken) =>
        issue.Clock is not null ? issue : IssueClock.Complete(issue, await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken));

    private int DelayOf(Issue issue) => directory.FindCategory(issue.CategoryId)?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status totals of sector {SectorId}: {ChangeCount} changes not applied ({ErrorType}); the recovery pass applies them")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception, string sectorId, int changeCount, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status totals: {ChangeCount} changes recovered from their markers")]
    private static partial void LogRecovered(ILogger logger, int changeCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status totals of sector {SectorId}: {ChangeCount} issues repaired by the reconciliation")]
    private static partial void LogReconciled(ILogger logger, string sectorId, int changeCount);
}
