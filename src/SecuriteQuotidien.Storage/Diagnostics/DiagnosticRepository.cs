using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Diagnostics;

/// <summary>
/// Diagnostics in their sector's partition (row <c>diag|{number}</c>, JSON body), with their idempotency key
/// rows, history rows and survey answers in the same partition, and an owner index in DiagnosticActions.
/// A change and its history row are one transaction; the index is written before (new owners) and
/// cleaned after, lazily, by the reader.
/// </summary>
public sealed partial class DiagnosticRepository(
    DiagnosticTables tables,
    IDirectory directory,
    TimeProvider time,
    ILogger<DiagnosticRepository> logger) : IDiagnosticRepository
{
    private const int MaxApplyAttempts = 10;
    private const string DiagnosticPrefix = "diag|";
    private const string KeyPrefix = "key|";
    private const string SurveyPrefix = "survey|";
    // One counter row per department and year in the shared Counters table.
    private readonly YearlyCounter _numbers = new(tables.Shared.Counters, "diagnostic-number", time, maxAttempts: 100);

    public async Task<DiagnosticCreation> CreateAsync(string sectorId, string idempotencyKey, DateTimeOffset at,
        Func<DiagnosticNumber, DiagnosticChange> open, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentNullException.ThrowIfNull(open);
        var keyRowKey = KeyPrefix + TableKey.Escape(idempotencyKey);
        var earlier = await FindByKeyAsync(sectorId, keyRowKey, cancellationToken);
        if (earlier is not null)
        {
            return new DiagnosticCreation(earlier, Created: false);
        }

        var year = TimeZoneInfo.ConvertTime(at, directory.TimeZone).Year;
        var (sequence, _) = await _numbers.ReserveAsync(directory.DepartmentCode, year, count: 1, cancellationToken);
        var number = new DiagnosticNumber(directory.DepartmentCode, year, sequence);
        var change = open(number);
        if (change.Diagnostic.Number != number || change.Diagnostic.SectorId != sectorId)
        {
            throw new InvalidOperationException("The opened diagnostic must carry the allocated number and the given sector.");
        }
        await IndexActionsAsync(change.Diagnostic, cancellationToken);
        try
        {
            // The diagnostic, its key row and its "opened" event: all or nothing.
            var response = await tables.Diagnostics.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, ToRow(change.Diagnostic)),
                new TableTransactionAction(TableTransactionActionType.Add,
                    new TableEntity(sectorId, keyRowKey) { ["Number"] = number.ToString() }),
                new TableTransactionAction(TableTransactionActionType.Add, EventRow(sectorId, change.Event)),
            ], cancellationToken);
            return new DiagnosticCreation(await StoredAfterWriteAsync(change.Diagnostic, response.Value[0], cancellationToken), Created: true);
        }
        catch (TableTransactionFailedException ex) when (ex.IsConflict())
        {
            LogKeyRace(logger, number.ToString());
            earlier = await FindByKeyAsync(sectorId, keyRowKey, cancellationToken)
                ?? throw new ConcurrencyConflictException("Idempotency key conflict without a key row.", ex);
            return new DiagnosticCreation(earlier, Created: false);
        }
    }

    public async Task<StoredDiagnostic?> GetAsync(string sectorId, DiagnosticNumber number, CancellationToken cancellationToken)
    {
        var row = await tables.Diagnostics.GetEntityIfExistsAsync<TableEntity>(sectorId, RowKeyOf(number), cancellationToken: cancellationToken);
        return row.HasValue ? FromRow(row.Value!) : null;
    }

    public async Task<StoredDiagnostic> UpdateAsync(DiagnosticChange change, string etag, CancellationToken cancellationToken)
    {
        var diagnostic = change.Diagnostic;
        if (change.Event.Number != diagnostic.Number || change.Event.Version != diagnostic.Version)
        {
            throw new ArgumentException("The event must record the change's diagnostic and version.", nameof(change));
        }
        // New owners first: "mes actions" may show a row not yet written (the reader checks), never miss one.
        await IndexActionsAsync(diagnostic, cancellationToken);
        try
        {
            var response = await tables.Diagnostics.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToRow(diagnostic), new ETag(etag)),
                new TableTransactionAction(TableTransactionActionType.Add, EventRow(diagnostic.SectorId, change.Event)),
            ], cancellationToken);
            return await StoredAfterWriteAsync(diagnostic, response.Value[0], cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409 or 404)
        {
            throw new ConcurrencyConflictException($"Diagnostic {diagnostic.Number} changed since it was read.", ex);
        }
    }

    public async Task<StoredDiagnostic?> ApplyAsync(string sectorId, DiagnosticNumber number, Func<Diagnostic, DiagnosticChange> transition,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return await OptimisticUpdate.ApplyAsync($"Diagnostic {number}", MaxApplyAttempts,
            ct => GetAsync(sectorId, number, ct),
            (stored, ct) => UpdateAsync(transition(stored.Diagnostic), stored.ETag, ct),
            attempt => LogUpdateRace(logger, number.ToString(), attempt),
            cancellationToken);
    }

    public async Task<IReadOnlyList<StoredDiagnostic>> ListBySectorAsync(string sectorId, CancellationToken cancellationToken) =>
        await QueryAsync(TableKey.PrefixFilter(sectorId, DiagnosticPrefix), cancellationToken);

    public async Task<IReadOnlyList<StoredDiagnostic>> ListOpenAsync(IEnumerable<string> sectorIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sectorIds);
        var open = nameof(DiagnosticState.Open);
        var lists = await Task.WhenAll(sectorIds.Distinct(StringComparer.Ordinal).Select(sectorId =>
            QueryAsync($"{TableKey.PrefixFilter(sectorId, DiagnosticPrefix)} and {TableClient.CreateQueryFilter($"State eq {open}")}", cancellationToken)));
        return [.. lists.SelectMany(l => l).OrderByDescending(s => s.Diagnostic.OpenedAt)];
    }

    public async Task<IReadOnlyList<DiagnosticEvent>> ListEventsAsync(string sectorId, DiagnosticNumber number, bool partnerVisibleOnly,
        CancellationToken cancellationToken)
    {
        var events = new List<DiagnosticEvent>();
        await foreach (var row in tables.Diagnostics.QueryAsync<TableEntity>(TableKey.PrefixFilter(sectorId, EventPrefix(number)),
            cancellationToken: cancellationToken))
        {
            var visibility = Enum.Parse<EventVisibility>(row.GetString("Visibility"));
            if (partnerVisibleOnly && visibility != EventVisibility.PartnerVisible)
            {
                continue;
            }
            events.Add(new DiagnosticEvent
            {
                Number = number,
                Version = row.GetInt32("Version")!.Value,
                Kind = Enum.Parse<DiagnosticEventKind>(row.GetString("Kind")),
                ActorObjectId = row.GetString("ActorObjectId"),
                At = row.GetDateTimeOffset("At")!.Value,
                Visibility = visibility,
                Payload = row.GetString("Payload"),
            });
        }
        return [.. events.OrderBy(e => e.Version)];
    }

    public async Task<IReadOnlyList<OwnedAction>> ListActionsByOwnerAsync(string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var pointers = new List<TableEntity>();
        await foreach (var row in tables.ActionsByOwner.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Escape(owner)}"), cancellationToken: cancellationToken))
        {
            pointers.Add(row);
        }
        var keys = pointers.Select(p => (SectorId: p.GetString("SectorId"), Number: DiagnosticNumber.Parse(p.GetString("Number")))).Distinct().ToList();
        var read = await Task.WhenAll(keys.Select(k => GetAsync(k.SectorId, k.Number, cancellationToken)));
        var diagnostics = read.Where(s => s is not null).ToDictionary(s => (s!.Diagnostic.SectorId, s.Diagnostic.Number), s => s!);

        var owned = new List<OwnedAction>();
        foreach (var pointer in pointers)
        {
            var key = (pointer.GetString("SectorId"), DiagnosticNumber.Parse(pointer.GetString("Number")));
            var action = diagnostics.TryGetValue(key, out var stored) && stored.Diagnostic.IsOpen
                ? stored.Diagnostic.FindAction(pointer.GetString("ActionId"))
                : null;
            if (action is not null && string.Equals(action.Owner, owner, StringComparison.Ordinal))
            {
                owned.Add(new OwnedAction(stored!, action));
            }
            else if (stored is not null && stored.Diagnostic.Version >= (pointer.GetInt32("Version") ?? 0))
            {
                // Removed, reassigned or closed as of a version at least as new as the pointer's: drop it (a later
                // update re-adds it if needed). A pointer newer than the diagnostic read belongs to a change still
                // being written, so it stays.
                await DeleteIfUnchangedAsync(tables.ActionsByOwner, pointer, cancellationToken);
            }
        }
        return [.. owned.OrderBy(o => o.Action.IsDone).ThenBy(o => o.Action.DueDate).ThenBy(o => o.Stored.Diagnostic.Number)];
    }

    public async Task SaveSurveyAnswerAsync(string sectorId, SurveyAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var row = new TableEntity(sectorId, SurveyPrefix + TableKey.Join(answer.Number.ToString(), answer.RespondentObjectId.ToLowerInvariant()))
        {
            ["Number"] = answer.Number.ToString(),
            ["RespondentObjectId"] = answer.RespondentObjectId,
            ["OrganisationId"] = answer.OrganisationId,
            ["Answer"] = answer.Answer,
            ["Comment"] = answer.Comment,
            ["At"] = answer.At,
        };
        await tables.Diagnostics.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<SurveyAnswer>> ListSurveyAnswersAsync(string sectorId, DiagnosticNumber number, CancellationToken cancellationToken)
    {
        var answers = new List<SurveyAnswer>();
        var prefix = SurveyPrefix + TableKey.Escape(number.ToString()) + TableKey.Separator;
        await foreach (var row in tables.Diagnostics.QueryAsync<TableEntity>(TableKey.PrefixFilter(sectorId, prefix), cancellationToken: cancellationToken))
        {
            answers.Add(new SurveyAnswer
            {
                Number = number,
                RespondentObjectId = row.GetString("RespondentObjectId"),
                OrganisationId = row.GetString("OrganisationId"),
                Answer = row.GetString("Answer"),
                Comment = row.GetString("Comment"),
                At = row.GetDateTimeOffset("At")!.Value,
            });
        }
        return [.. answers.OrderBy(a => a.At)];
    }

    private static async Task DeleteIfUnchangedAsync(TableClient table, ITableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            // Rewritten or deleted meanwhile: the newer state wins.
        }
    }

    private async Task IndexActionsAsync(Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        foreach (var action in diagnostic.Actions)
        {
            var pointer = new TableEntity(TableKey.Escape(action.Owner), TableKey.Join(diagnostic.SectorId, diagnostic.Number.ToString(), action.Id))
            {
                ["SectorId"] = diagnostic.SectorId,
                ["Number"] = diagnostic.Number.ToString(),
                ["ActionId"] = action.Id,
                ["DueDate"] = TableKey.Date(action.DueDate),
                ["Version"] = diagnostic.Version,
            };
            await tables.ActionsByOwner.UpsertEntityAsync(pointer, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private async Task<StoredDiagnostic?> FindByKeyAsync(string sectorId, string keyRowKey, CancellationToken cancellationToken)
    {
        var row = await tables.Diagnostics.GetEntityIfExistsAsync<TableEntity>(sectorId, keyRowKey, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        // Written in one transaction with the key row: it exists.
        var number = DiagnosticNumber.Parse(row.Value!.GetString("Number"));
        return await GetAsync(sectorId, number, cancellationToken)
            ?? throw new InvalidOperationException($"Idempotency key points at a missing diagnostic {number}.");
    }

    private async Task<List<StoredDiagnostic>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var found = new List<StoredDiagnostic>();
        await foreach (var row in tables.Diagnostics.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(FromRow(row));
        }
        return [.. found.OrderByDescending(s => s.Diagnostic.OpenedAt)];
    }

    private static string RowKeyOf(DiagnosticNumber number) => DiagnosticPrefix + number;

    private static string EventPrefix(DiagnosticNumber number) => "event|" + number + TableKey.Separator;

    private static TableEntity ToRow(Diagnostic diagnostic)
    {
        var row = new TableEntity(diagnostic.SectorId, RowKeyOf(diagnostic.Number))
        {
            ["Number"] = diagnostic.Number.ToString(),
            ["Title"] = diagnostic.Title,
            ["State"] = diagnostic.State.ToString(),
            ["Version"] = diagnostic.Version,
            ["OpenedAt"] = diagnostic.OpenedAt,
        };
        DiagnosticJson.WriteBody(row, diagnostic, DiagnosticJsonContext.Default.Diagnostic);
        return row;
    }

    private static StoredDiagnostic FromRow(TableEntity row) =>
        new(DiagnosticJson.ReadBody(row, DiagnosticJsonContext.Default.Diagnostic), row.ETag.ToString());

    // One row per version: the version is the identity, so the same change cannot be recorded twice.
    private static TableEntity EventRow(string sectorId, DiagnosticEvent e) =>
        new(sectorId, EventPrefix(e.Number) + e.Version.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
        {
            ["Version"] = e.Version,
            ["Kind"] = e.Kind.ToString(),
            ["ActorObjectId"] = e.ActorObjectId,
            ["At"] = e.At,
            ["Visibility"] = e.Visibility.ToString(),
            ["Payload"] = e.Payload,
        };

    // A batch sub-response may lack the ETag; then read it back.
    private async Task<StoredDiagnostic> StoredAfterWriteAsync(Diagnostic diagnostic, Response response, CancellationToken cancellationToken) =>
        response.Headers.ETag is { } etag
            ? new StoredDiagnostic(diagnostic, etag.ToString())
            : await GetAsync(diagnostic.SectorId, diagnostic.Number, cancellationToken)
                ?? throw new InvalidOperationException($"Diagnostic {diagnostic.Number} vanished right after it was written.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotent diagnostic create race lost; number {DiagnosticNumber} left unused")]
    private static partial void LogKeyRace(ILogger logger, string diagnosticNumber);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Diagnostic {DiagnosticNumber} changed concurrently (attempt {Attempt}); re-reading")]
    private static partial void LogUpdateRace(ILogger logger, string diagnosticNumber, int attempt);
}
