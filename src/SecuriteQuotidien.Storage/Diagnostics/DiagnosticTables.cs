using Azure.Data.Tables;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Diagnostics;

/// <summary>The diagnostics tables, beside <see cref="StorageTables"/> and with its prefix. See docs/storage.md.</summary>
public sealed class DiagnosticTables(StorageTables tables)
{
    private int _created;

    public StorageTables Shared { get; } = tables ?? throw new ArgumentNullException(nameof(tables));
    /// <summary>PartitionKey = sector: diagnostics, their idempotency keys, history and survey answers.</summary>
    public TableClient Diagnostics { get; } = tables.Service.GetTableClient(tables.Prefix + "Diagnostics");
    /// <summary>PartitionKey = action owner: the "mes actions" index.</summary>
    public TableClient ActionsByOwner { get; } = tables.Service.GetTableClient(tables.Prefix + "DiagnosticActions");
    /// <summary>PartitionKey = sector: GPO meeting minutes.</summary>
    public TableClient Meetings { get; } = tables.Service.GetTableClient(tables.Prefix + "Meetings");
    /// <summary>PartitionKey = sector: hotspot suggestion and dismissal marks.</summary>
    public TableClient Hotspots { get; } = tables.Service.GetTableClient(tables.Prefix + "Hotspots");

    public IReadOnlyList<TableClient> All => [Diagnostics, ActionsByOwner, Meetings, Hotspots];

    /// <summary>Creates the missing tables, and the shared ones (counters), once per process.</summary>
    public async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 1)
        {
            return;
        }
        await Shared.CreateAllAsync(cancellationToken);
        await Task.WhenAll(All.Select(table => table.CreateIfNotExistsAsync(cancellationToken)));
        Volatile.Write(ref _created, 1);
    }
}
