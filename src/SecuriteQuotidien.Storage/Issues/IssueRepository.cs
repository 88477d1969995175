using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Status;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// Issues in their sector's partition, an index by reporter, and the timeline through
/// <see cref="IIssueEventRepository"/>. Every update is conditional on the ETag read. Also the intake's
/// write path (<see cref="IIssueIntakeStore"/>) and the projected listing of statistics (<see cref="IIssueSummaries"/>).
/// </summary>
public sealed partial class IssueRepository(
    StorageTables tables,
    IIssueNumberAllocator numbers,
    IIssueEventRepository events,
    IDirectory directory,
    TimeProvider time,
    ILogger<IssueRepository> logger,
    StatusTallyProjector? tallies = null) : IIssueRepository, IIssueIntakeStore, IIssueSummaries, IIssueReminderLog, IIssueWorklist
{
    private const int MaxApplyAttempts = 10;
    private const int MaxReporterListing = 200;
    // An entity-group transaction holds at most 100 operations; the creation takes three.
    private const int MaxMarkersPerTransaction = 90;
    private const int MaxActionsPerTransaction = 100;
    private const long FirstVersion = 1;
    private readonly CompletedMarkers _completed = new();

    public Task<IssueCreation> CreateAsync(IssueDraft draft, string idempotencyKey, CancellationToken cancellationToken) =>
        CreateAsync(draft, idempotencyKey, withUnfinishedMarker: false, cancellationToken);

    Task<IssueCreation> IIssueIntakeStore.CreateAsync(IssueDraft draft, string idempotencyKey, CancellationToken cancellationToken) =>
        CreateAsync(draft, idempotencyKey, withUnfinishedMarker: true, cancellationToken);

    private async Task<IssueCreation> CreateAsync(IssueDraft draft, string idempotencyKey, bool withUnfinishedMarker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var keyRowKey = IssueRows.IdempotencyRowKey(draft.Reporter.ObjectId, idempotencyKey);

        // The intake writes first and lets the key row's conflict reveal a repeat: one request fewer per submit,
        // at the price of a number left unused (a gap) when a repeat arrives. Elsewhere a cheap check comes first.
        if (!withUnfinishedMarker && await FindByKeyAsync(draft.SectorId, keyRowKey, cancellationToken) is { } known)
        {
            return await AlreadyCreatedAsync(draft.SectorId, known, recordCreated: true, cancellationToken);
        }

        var now = time.GetUtcNow();
        var localNow = TimeZoneInfo.ConvertTime(now, directory.TimeZone);
        // Refuse a bad draft before a number is spent on it.
        draft.EnsureValid(DateOnly.FromDateTime(localNow.DateTime));
        var localYear = localNow.Year;
        var number = await numbers.AllocateAsync(directory.DepartmentCode, localYear, cancellationToken);
        var delay = directory.FindCategory(draft.CategoryId)?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays;
        var (issue, _) = Issue.Open(draft, number, now, Issue.DeadlineFor(now, delay, directory.TimeZone));

        // The issue, its key row (and the intake's marker) in one partition transaction: all exist or none.
        // The status totals' marker too (see StatusTallyProjector): second, its ETag is read from the response.
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Add, IssueRows.ToRow(issue, FirstVersion)),
            new(TableTransactionActionType.UpsertReplace, IssueRows.TallyMarker(issue.SectorId, number, FirstVersion, now)),
            new(TableTransactionActionType.Add, new TableEntity(issue.SectorId, keyRowKey) { ["Number"] = number.ToString() }),
        ];
        IReadOnlyList<IssueNumber> completed = [];
        if (withUnfinishedMarker)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(issue.SectorId, IssueRows.UnfinishedRowKey(number))
            {
                ["Number"] = number.ToString(),
                ["CreatedAt"] = now,
            }));
            // The markers of submits finished since the sector's last transaction go with this one, at no extra request.
            completed = _completed.Take(issue.SectorId, MaxMarkersPerTransaction);
            actions.AddRange(completed.Select(n => MarkerDeletion(issue.SectorId, n)));
        }
        try
        {
            var response = await SubmitCreationAsync(issue.SectorId, actions, completed, cancellationToken);
            var etag = response.Value[0].Headers.ETag?.ToString()
                ?? (await GetAsync(issue.SectorId, number, cancellationToken))!.ETag;
            tallies?.Enqueue(issue.SectorId, number, FirstVersion, issue, response.Value[1].Headers.ETag?.ToString());
            if (!withUnfinishedMarker)
            {
                await RecordCreatedAsync(issue, cancellationToken);
            }
            return new IssueCreation(new StoredIssue(issue, etag), Created: true);
        }
        catch (TableTransactionFailedException ex) when (ex.IsConflict())
        {
            // A repeat (or a concurrent request with the same key) won; our number stays unused (a gap).
            LogKeyRace(logger, number.ToString());
            var earlier = await FindByKeyAsync(draft.SectorId, keyRowKey, cancellationToken)
                ?? throw new ConcurrencyConflictException("Idempotency key conflict without a key row.", ex);
            return await AlreadyCreatedAsync(draft.SectorId, earlier, recordCreated: !withUnfinishedMarker, cancellationToken);
        }
    }

    /// <summary>
    /// Submits the creation with the piggybacked marker deletions. Nothing applied on failure, so they are kept
    /// for later; a marker already gone (a recovery pass removed it) fails the whole transaction with 404: those
    /// markers are then deleted one by one (404 counts as done) and the creation is submitted alone.
    /// </summary>
    private async Task<Response<IReadOnlyList<Response>>> SubmitCreationAsync(string sectorId, List<TableTransactionAction> actions,
        IReadOnlyList<IssueNumber> completed, CancellationToken cancellationToken)
    {
        try
        {
            return await tables.Issues.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (completed.Count > 0 && ex.IsNotFound())
        {
            await DeleteMarkersOneByOneAsync(sectorId, completed, cancellationToken);
            return await tables.Issues.SubmitTransactionAsync(actions.Take(actions.Count - completed.Count), cancellationToken);
        }
        catch when (completed.Count > 0)
        {
            _completed.Return(sectorId, completed);
            throw;
        }
    }

    /// <summary>
    /// Marks the submit finished: its marker row is deleted with the sector's next issue transaction, or by
    /// <see cref="FlushCompletedAsync"/>, whichever comes first. Until then this instance does not list it as
    /// unfinished; a crash before the deletion leaves the marker to the recovery pass, which finishes the issue
    /// again (every step is idempotent).
    /// </summary>
    public Task CompleteAsync(Issue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        _completed.Add(issue.SectorId, issue.Number);
        return Task.CompletedTask;
    }

    public async Task<int> FlushCompletedAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var sectorId in _completed.Sectors)
        {
            while (_completed.Take(sectorId, MaxMarkersPerTransaction) is { Count: > 0 } batch)
            {
                try
                {
                    await tables.Issues.SubmitTransactionAsync(batch.Select(n => MarkerDeletion(sectorId, n)), cancellationToken);
                }
                catch (TableTransactionFailedException ex) when (ex.IsNotFound())
                {
                    await DeleteMarkersOneByOneAsync(sectorId, batch, cancellationToken);
                }
                catch
                {
                    _completed.Return(sectorId, batch);
                    throw;
                }
                deleted += batch.Count;
            }
        }
        return deleted;
    }

    private async Task DeleteMarkersOneByOneAsync(string sectorId, IReadOnlyList<IssueNumber> markers, CancellationToken cancellationToken)
    {
        try
        {
            // DeleteEntity treats 404 as success.
            await Task.WhenAll(markers.Select(n => tables.Issues.DeleteEntityAsync(sectorId, IssueRows.UnfinishedRowKey(n), ETag.All, cancellationToken)));
        }
        catch
        {
            _completed.Return(sectorId, markers);
            throw;
        }
    }

    private static TableTransactionAction MarkerDeletion(string sectorId, IssueNumber number) =>
        new(TableTransactionActionType.Delete, new TableEntity(sectorId, IssueRows.UnfinishedRowKey(number)), ETag.All);

    public async Task<IReadOnlyList<Issue>> ListUnfinishedAsync(string sectorId, DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        var numbers = new List<IssueNumber>();
        await foreach (var row in tables.Issues.QueryAsync<TableEntity>(TableKey.PrefixFilter(sectorId, IssueRows.UnfinishedPrefix),
            select: ["Number", "CreatedAt"], cancellationToken: cancellationToken))
        {
            var number = IssueNumber.Parse(row.GetString("Number"));
            if (row.GetDateTimeOffset("CreatedAt") < createdBefore && !_completed.Contains(sectorId, number))
            {
                numbers.Add(number);
            }
        }
        var found = await Task.WhenAll(numbers.Select(n => GetAsync(sectorId, n, cancellationToken)));
        return [.. found.Where(s => s is not null).Select(s => s!.Issue)];
    }

    public async Task<StoredIssue?> GetAsync(string sectorId, IssueNumber number, CancellationToken cancellationToken) =>
        (await ReadAsync(sectorId, number, cancellationToken))?.Stored;

    /// <summary>The stored issue and its row's version.</summary>
    private async Task<(StoredIssue Stored, long Version)?> ReadAsync(string sectorId, IssueNumber number, CancellationToken cancellationToken)
    {
        var row = await tables.Issues.GetEntityIfExistsAsync<TableEntity>(sectorId, IssueRows.IssueRowKey(number), cancellationToken: cancellationToken);
        return row.HasValue
            ? (new StoredIssue(IssueRows.FromRow(row.Value!), row.Value!.ETag.ToString()) { LastEvent = IssueRows.LastEventOf(row.Value!) },
                IssueRows.VersionOf(row.Value!))
            : null;
    }

    public async Task<StoredIssue> UpdateAsync(Issue issue, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        // The version is the row's; read it (this path writes a state computed elsewhere: anonymisation, tools).
        var current = await ReadAsync(issue.SectorId, issue.Number, cancellationToken);
        if (current is not { } read || read.Stored.ETag != etag)
        {
            throw new ConcurrencyConflictException($"Issue {issue.Number} changed since it was read.");
        }
        return await WriteAsync(issue, etag, read.Version, cancellationToken);
    }

    /// <summary>
    /// Replaces the issue row if still at <paramref name="etag"/>, one version up, with its status totals' marker in the
    /// same transaction; then hands the change to the totals.
    /// </summary>
    private async Task<StoredIssue> WriteAsync(Issue issue, string etag, long previousVersion, CancellationToken cancellationToken,
        IssueEvent? lastEvent = null)
    {
        var version = previousVersion + 1;
        var row = IssueRows.ToRow(issue, version);
        if (lastEvent is not null)
        {
            IssueRows.SetLastEvent(row, lastEvent);
        }
        try
        {
            var response = await tables.Issues.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpdateReplace, row, new ETag(etag)),
                new(TableTransactionActionType.UpsertReplace, IssueRows.TallyMarker(issue.SectorId, issue.Number, version, time.GetUtcNow())),
            ], cancellationToken);
            tallies?.Enqueue(issue.SectorId, issue.Number, version, issue, response.Value[1].Headers.ETag?.ToString());
            return new StoredIssue(issue, response.Value[0].Headers.ETag!.Value.ToString());
        }
        catch (TableTransactionFailedException ex) when (ex.IsLostRace())
        {
            throw new ConcurrencyConflictException($"Issue {issue.Number} changed since it was read.", ex);
        }
    }

    public async Task<IssueChange?> ApplyAsync(string sectorId, IssueNumber number, Func<Issue, IssueChange> transition,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        IssueChange? change = null;
        var written = await ModifyAsync(sectorId, number, issue =>
        {
            change = transition(issue);
            return change.Value.Issue;
        }, cancellationToken, () => change?.Event);
        if (written is null)
        {
            return null;
        }
        await events.AppendAsync(change!.Value.Event, cancellationToken);
        return change;
    }

    /// <summary>
    /// Reads the issue (with its clock), applies <paramref name="modify"/> and writes the result by ETag, re-reading on a
    /// conflict; <paramref name="modify"/> returning the issue unchanged writes nothing. Null when the issue is not in the sector.
    /// </summary>
    private async Task<Issue?> ModifyAsync(string sectorId, IssueNumber number, Func<Issue, Issue> modify, CancellationToken cancellationToken,
        Func<IssueEvent?>? eventOfChange = null)
    {
        for (var attempt = 1; attempt <= MaxApplyAttempts; attempt++)
        {
            if (await ReadAsync(sectorId, number, cancellationToken) is not { } read)
            {
                return null;
            }
            var current = await WithClockAsync(read.Stored.Issue, cancellationToken);
            var next = modify(current);
            if (ReferenceEquals(next, current) && current.Clock is not null && read.Stored.Issue.Clock is not null)
            {
                return next;
            }
            try
            {
                await WriteAsync(next, read.Stored.ETag, read.Version, cancellationToken, eventOfChange?.Invoke());
            }
            catch (ConcurrencyConflictException)
            {
                LogUpdateRace(logger, number.ToString(), attempt);
                continue;
            }
            return next;
        }
        throw new ConcurrencyConflictException($"Issue {number} kept changing; gave up after {MaxApplyAttempts} attempts.");
    }

    /// <summary>
    /// Records a partner's follow-up answer on the issue (<see cref="Issue.FollowUp"/>, the latest answer wins), found through
    /// the reporter's index; called when its timeline event is appended (<see cref="IssueEventRepository"/>). Idempotent.
    /// </summary>
    public async Task RecordFollowUpAsync(string reporterObjectId, IssueNumber number, FollowUpFeedback feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var pointer = await tables.IssuesByReporter.GetEntityIfExistsAsync<TableEntity>(ReporterPartition(reporterObjectId), number.ToString(),
            cancellationToken: cancellationToken);
        if (!pointer.HasValue || pointer.Value!.GetString("SectorId") is not { } sectorId)
        {
            LogFollowUpUnplaced(logger, number.ToString());
            return;
        }
        await ModifyAsync(sectorId, number, issue => issue.FollowUp is { } known && known.At >= feedback.At ? issue : issue with { FollowUp = feedback },
            cancellationToken);
    }

    /// <summary>
    /// The issue with its clock: as stored, or — for a row written before the clock was kept on the issue — rebuilt
    /// from its timeline (one read, once per such issue: the change that follows writes the clock on the row).
    /// </summary>
    private async Task<Issue> WithClockAsync(Issue issue, CancellationToken cancellationToken)
    {
        if (issue.Clock is not null)
        {
            return issue;
        }
        var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken);
        LogClockMigrated(logger, issue.Number.ToString());
        return IssueClock.Complete(issue, timeline);
    }

    public async Task RecordLastRemindersAsync(string sectorId, IReadOnlyList<(IssueNumber Number, SentReminder Reminder)> reminders,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminders);
        foreach (var chunk in reminders.Chunk(MaxActionsPerTransaction))
        {
            var merges = chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                IssueRows.LastReminderRow(sectorId, r.Number, r.Reminder), ETag.All)).ToList();
            try
            {
                await tables.Issues.SubmitTransactionAsync(merges, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.IsNotFound())
            {
                // An issue left the sector (transferred) since it was read: the others are merged one by one.
                await Task.WhenAll(merges.Select(async m =>
                {
                    try
                    {
                        await tables.Issues.UpdateEntityAsync(m.Entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
                    }
                    catch (RequestFailedException gone) when (gone.IsNotFound())
                    {
                    }
                }));
            }
        }
    }

    public async Task<IssueChange?> TransferAsync(string fromSectorId, IssueNumber number, Func<Issue, IssueChange> transition,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        for (var attempt = 1; attempt <= MaxApplyAttempts; attempt++)
        {
            if (await ReadAsync(fromSectorId, number, cancellationToken) is not { } read)
            {
                return null;
            }
            var stored = read.Stored;
            var change = transition(await WithClockAsync(stored.Issue, cancellationToken));
            if (change.Issue.SectorId == fromSectorId || change.Issue.Number != number)
            {
                throw new InvalidOperationException("A transfer must move the issue to another sector and keep its number.");
            }
            // Target first: an interruption leaves two copies, never none. Each write carries its sector's totals marker.
            var version = read.Version + 1;
            var now = time.GetUtcNow();
            var target = await tables.Issues.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpsertReplace, IssueRows.ToRow(change.Issue, version)),
                new(TableTransactionActionType.UpsertReplace, IssueRows.TallyMarker(change.Issue.SectorId, number, version, now)),
            ], cancellationToken);
            tallies?.Enqueue(change.Issue.SectorId, number, version, change.Issue, target.Value[1].Headers.ETag?.ToString());
            await UpsertReporterPointerAsync(change.Issue, cancellationToken);
            try
            {
                var source = await tables.Issues.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Delete, new TableEntity(fromSectorId, IssueRows.IssueRowKey(number)), new ETag(stored.ETag)),
                    new(TableTransactionActionType.UpsertReplace, IssueRows.TallyMarker(fromSectorId, number, version, now)),
                ], cancellationToken);
                tallies?.Enqueue(fromSectorId, number, version, null, source.Value[1].Headers.ETag?.ToString());
            }
            catch (TableTransactionFailedException ex) when (ex.IsPreconditionFailed())
            {
                // The source changed meanwhile: re-apply on its latest state and overwrite the target.
                LogUpdateRace(logger, number.ToString(), attempt);
                continue;
            }
            await events.AppendAsync(change.Event, cancellationToken);
            return change;
        }
        throw new ConcurrencyConflictException($"Issue {number} kept changing; gave up after {MaxApplyAttempts} attempts.");
    }

    public Task<IReadOnlyList<Issue>> ListBySectorAsync(string sectorId, CancellationToken cancellationToken) =>
        ListBySectorAsync(sectorId, select: null, cancellationToken);

    Task<IReadOnlyList<Issue>> IIssueSummaries.ListBySectorAsync(string sectorId, CancellationToken cancellationToken) =>
        ListBySectorAsync(sectorId, IssueRows.SummaryColumns, cancellationToken);

    private async Task<IReadOnlyList<Issue>> ListBySectorAsync(string sectorId, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var issues = new List<Issue>();
        await foreach (var row in tables.Issues.QueryAsync<TableEntity>(TableKey.PrefixFilter(sectorId, IssueRows.IssuePrefix),
            select: select, cancellationToken: cancellationToken))
        {
            issues.Add(IssueRows.FromRow(row));
        }
        return [.. issues.OrderByDescending(i => i.CreatedAt)];
    }

    public async Task<IReadOnlyList<StoredIssue>> ListOpenAsync(string sectorId, CancellationToken cancellationToken)
    {
        var filter = $"{TableKey.PrefixFilter(sectorId, IssueRows.IssuePrefix)} and Status ne '{nameof(IssueStatus.Closed)}'";
        var open = new List<StoredIssue>();
        await foreach (var row in tables.Issues.QueryAsync<TableEntity>(filter, select: IssueRows.WorklistColumns, cancellationToken: cancellationToken))
        {
            open.Add(new StoredIssue(IssueRows.FromRow(row), row.ETag.ToString()) { LastEvent = IssueRows.LastEventOf(row) });
        }
        return open;
    }

    public async Task<IReadOnlyList<Issue>> ListOpenOrClosedSinceAsync(string sectorId, DateTimeOffset closedSince, CancellationToken cancellationToken)
    {
        var recent = TableClient.CreateQueryFilter($"Status ne {nameof(IssueStatus.Closed)} or ClosedAt ge {closedSince}");
        var found = new List<Issue>();
        await foreach (var row in tables.Issues.QueryAsync<TableEntity>($"{TableKey.PrefixFilter(sectorId, IssueRows.IssuePrefix)} and ({recent})",
            cancellationToken: cancellationToken))
        {
            found.Add(IssueRows.FromRow(row));
        }
        return found;
    }

    public async Task<IReadOnlyList<Issue>> ListByReporterAsync(string reporterObjectId, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        max = Math.Min(max, MaxReporterListing);
        var pointers = new List<(string SectorId, IssueNumber Number, DateTimeOffset CreatedAt)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ReporterPartition(reporterObjectId)}");
        await foreach (var row in tables.IssuesByReporter.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            pointers.Add((row.GetString("SectorId"), IssueNumber.Parse(row.RowKey), row.GetDateTimeOffset("CreatedAt")!.Value));
        }
        var newest = pointers.OrderByDescending(p => p.CreatedAt).Take(max);
        var found = await Task.WhenAll(newest.Select(p => GetAsync(p.SectorId, p.Number, cancellationToken)));
        return [.. found.Where(s => s is not null).Select(s => s!.Issue)];
    }

    public async Task<int> CountReportedSinceAsync(string reporterObjectId, DateTimeOffset since, int atMost, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(atMost, 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ReporterPartition(reporterObjectId)} and CreatedAt ge {since}");
        var count = 0;
        await foreach (var page in tables.IssuesByReporter.QueryAsync<TableEntity>(filter, maxPerPage: atMost, select: ["RowKey"],
            cancellationToken: cancellationToken).AsPages())
        {
            count += page.Values.Count;
            if (count >= atMost || page.ContinuationToken is null)
            {
                break;
            }
        }
        return Math.Min(count, atMost);
    }

    public async Task<bool> WasCreatedAsync(string sectorId, string reporterObjectId, string idempotencyKey, CancellationToken cancellationToken) =>
        await FindByKeyAsync(sectorId, IssueRows.IdempotencyRowKey(reporterObjectId, idempotencyKey), cancellationToken) is not null;

    private async Task<IssueNumber?> FindByKeyAsync(string sectorId, string keyRowKey, CancellationToken cancellationToken)
    {
        var row = await tables.Issues.GetEntityIfExistsAsync<TableEntity>(sectorId, keyRowKey, cancellationToken: cancellationToken);
        return row.HasValue ? IssueNumber.Parse(row.Value!.GetString("Number")) : null;
    }

    private async Task<IssueCreation> AlreadyCreatedAsync(string sectorId, IssueNumber number, bool recordCreated, CancellationToken cancellationToken)
    {
        // The key row and the issue were written in one transaction: the issue exists.
        var stored = await GetAsync(sectorId, number, cancellationToken)
            ?? throw new InvalidOperationException($"Idempotency key points at a missing issue {number}.");
        if (recordCreated)
        {
            await RecordCreatedAsync(stored.Issue, cancellationToken);
        }
        return new IssueCreation(stored, Created: false);
    }

    // The reporter index and the created event live in other partitions, so they follow the issue
    // write; both are idempotent, and a repeated create re-runs them to heal an interrupted first one.
    public Task RecordCreatedAsync(Issue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return Task.WhenAll(UpsertReporterPointerAsync(issue, cancellationToken), events.AppendAsync(issue.CreatedEvent(), cancellationToken));
    }

    public Task AppendCreatedEventAsync(Issue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return events.AppendAsync(issue.CreatedEvent(), cancellationToken);
    }

    public Task IndexForReporterAsync(Issue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return UpsertReporterPointerAsync(issue, cancellationToken);
    }

    private async Task UpsertReporterPointerAsync(Issue issue, CancellationToken cancellationToken)
    {
        var pointer = new TableEntity(ReporterPartition(issue.Reporter.ObjectId), issue.Number.ToString())
        {
            ["SectorId"] = issue.SectorId,
            ["CreatedAt"] = issue.CreatedAt,
        };
        await tables.IssuesByReporter.UpsertEntityAsync(pointer, TableUpdateMode.Replace, cancellationToken);
    }

    private static string ReporterPartition(string objectId) => TableKey.Escape(objectId.ToLowerInvariant());

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotent create race lost; issue number {IssueNumber} left unused")]
    private static partial void LogKeyRace(ILogger logger, string issueNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Follow-up answer on issue {IssueNumber}: no reporter index row, not recorded on the issue")]
    private static partial void LogFollowUpUnplaced(ILogger logger, string issueNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue {IssueNumber} stored without its clock: clock rebuilt from the timeline, written with this change")]
    private static partial void LogClockMigrated(ILogger logger, string issueNumber);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Issue {IssueNumber} changed concurrently (attempt {Attempt}); re-reading")]
    private static partial void LogUpdateRace(ILogger logger, string issueNumber, int attempt);
}
