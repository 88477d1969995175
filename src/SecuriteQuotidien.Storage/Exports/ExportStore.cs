using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Exports;

/// <summary>A workbook waiting for its one download.</summary>
public sealed record ExportFile(string Id, string RequesterObjectId, DateTimeOffset ExpiresAt, string FileName, byte[] Content);

/// <summary>
/// What the store knows of an export before it is downloaded (the content is read when claimed); <see cref="ETag"/>
/// is the ticket's version, opaque to callers, that a claim checks.
/// </summary>
public sealed record ExportTicket(string Id, string RequesterObjectId, DateTimeOffset ExpiresAt, string FileName, bool Used, int Chunks, string ETag);

/// <summary>The workbooks behind the download links: each stored under a random id, claimed once, then its content deleted.</summary>
public interface IExportStore
{
    /// <summary>Bytes per chunk, under the 64 KiB limit of a binary property.</summary>
    const int ChunkBytes = 60_000;

    /// <summary>Most chunks of a workbook: the batch (ticket + chunks) stays under the 4 MiB transaction limit once base64-encoded.</summary>
    const int MaxChunks = 40;

    /// <summary>The largest workbook the store takes (2.4 MB; 10,000 rows with 300-character descriptions make about 1 MB).</summary>
    const int MaxBytes = ChunkBytes * MaxChunks;

    /// <summary>A new random export id: the UTC day, then 128 random bits (base64url).</summary>
    string NewId();

    /// <summary>Stores the workbook (at most <see cref="MaxBytes"/>) with its ticket, in one transaction.</summary>
    Task SaveAsync(ExportFile file, CancellationToken cancellationToken);

    /// <summary>The ticket of an export; null for an unknown or malformed id.</summary>
    Task<ExportTicket?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the export used (only if unchanged since <paramref name="ticket"/> was read) and returns its bytes,
    /// deleting them; null when another request claimed it first or the content is gone.
    /// </summary>
    Task<byte[]?> TryClaimAsync(ExportTicket ticket, CancellationToken cancellationToken);

    /// <summary>Deletes the content of an export (downloaded or expired); the ticket stays so that later requests get 410.</summary>
    Task DiscardContentAsync(ExportTicket ticket, CancellationToken cancellationToken);
}

/// <summary>
/// The workbooks behind the download links, in the table <c>{prefix}Exports</c>: an entity holds at most
/// 1 MiB and a binary property 64 KiB, so the bytes are cut into chunks written with the ticket in one batch
/// transaction (one partition). PartitionKey = the creation day (UTC, yyyyMMdd, also the id's prefix),
/// RowKey = the export id for the ticket, id~NNN for the chunks. The chunks are deleted once downloaded or
/// expired; the partitions of earlier days are purged whenever an export is saved.
/// </summary>
public sealed class ExportStore(StorageTables tables, TimeProvider time) : IExportStore
{
    private const int ChunkBytes = IExportStore.ChunkBytes;
    private const int MaxBytes = IExportStore.MaxBytes;

    /// <summary>The table's name after the prefix.</summary>
    public const string TableName = "Exports";

    private const int PurgeLimit = 500;

    private readonly TableClient _table = tables.Service.GetTableClient(tables.Prefix + TableName);
    private int _created;

    public string NewId() =>
        DayOf(time.GetUtcNow()) + "-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="id"/> has the shape of an export id (anything else is not looked up).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 31 } && id[8] == '-'
        && DateOnly.TryParseExact(id[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        && id[9..].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public async Task SaveAsync(ExportFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Content.Length > MaxBytes)
        {
            throw new ArgumentException($"The workbook is larger than {MaxBytes} bytes.", nameof(file));
        }
        await EnsureTableAsync(cancellationToken);
        var chunks = file.Content.Chunk(ChunkBytes).ToList();
        var partition = file.Id[..8];
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(partition, file.Id)
            {
                ["Requester"] = file.RequesterObjectId,
                ["ExpiresAt"] = file.ExpiresAt,
                ["FileName"] = file.FileName,
                ["Chunks"] = chunks.Count,
                ["Used"] = false,
            }),
        };
        actions.AddRange(chunks.Select((bytes, index) =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, ChunkKey(file.Id, index)) { ["Data"] = bytes })));
        await _table.SubmitTransactionAsync(actions, cancellationToken);
        await PurgeEarlierDaysAsync(partition, cancellationToken);
    }

    public async Task<ExportTicket?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(id))
        {
            return null;
        }
        await EnsureTableAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(id[..8], id, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } entity)
        {
            return null;
        }
        return new ExportTicket(id, entity.GetString("Requester"), entity.GetDateTimeOffset("ExpiresAt")!.Value,
            entity.GetString("FileName"), entity.GetBoolean("Used") == true, entity.GetInt32("Chunks") ?? 0, entity.ETag.ToString());
    }

    public async Task<byte[]?> TryClaimAsync(ExportTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var partition = ticket.Id[..8];
        try
        {
            await _table.UpdateEntityAsync(new TableEntity(partition, ticket.Id) { ["Used"] = true }, new ETag(ticket.ETag), TableUpdateMode.Merge,
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
        var chunks = await Task.WhenAll(Enumerable.Range(0, ticket.Chunks).Select(async index =>
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(partition, ChunkKey(ticket.Id, index), cancellationToken: cancellationToken);
            return row.HasValue ? row.Value!.GetBinary("Data") : null;
        }));
        await DiscardContentAsync(ticket, cancellationToken);
        return chunks.Any(c => c is null) ? null : [.. chunks.SelectMany(c => c!)];
    }

    public async Task DiscardContentAsync(ExportTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var partition = ticket.Id[..8];
        await Task.WhenAll(Enumerable.Range(0, ticket.Chunks).Select(index =>
            _table.DeleteEntityAsync(partition, ChunkKey(ticket.Id, index), ETag.All, cancellationToken)));
    }

    // Earlier days only, at most PurgeLimit rows per save: the links of a day expire long before the next day ends.
    private async Task PurgeEarlierDaysAsync(string today, CancellationToken cancellationToken)
    {
        var yesterday = DayOf(ParseDay(today).AddDays(-1));
        var old = _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey lt {yesterday}"),
            maxPerPage: 100, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        var deleted = 0;
        await foreach (var row in old)
        {
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            if (++deleted >= PurgeLimit)
            {
                break;
            }
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            Volatile.Write(ref _created, 1);
        }
    }

    private static string ChunkKey(string id, int index) => string.Create(CultureInfo.InvariantCulture, $"{id}~{index:D3}");

    private static string DayOf(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseDay(string day) =>
        new(DateTime.ParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
}
