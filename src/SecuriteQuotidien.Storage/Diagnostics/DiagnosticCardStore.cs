using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Diagnostics;

/// <summary>
/// Where each diagnostic's card was posted in its sector channel, so that every change updates it in
/// place. Table "{prefix}DiagnosticCards": PartitionKey = sector id, RowKey = diagnostic number.
/// The first location wins: a re-sent post after a crash does not move the card.
/// </summary>
public sealed class DiagnosticCardStore(StorageTables tables) : IDiagnosticCardStore
{
    private readonly TableClient _table = tables.Service.GetTableClient(tables.Prefix + "DiagnosticCards");
    private int _created;

    public async Task<ChannelThread?> GetAsync(string sectorId, DiagnosticNumber number, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(sectorId, number.ToString(), cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("ConversationId") is { } conversation && row.Value.GetString("ActivityId") is { } activity
            ? new ChannelThread(conversation, activity)
            : null;
    }

    public async Task<bool> TryAddAsync(string sectorId, DiagnosticNumber number, ChannelThread location, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        try
        {
            await _table.AddEntityAsync(new TableEntity(sectorId, number.ToString())
            {
                ["ConversationId"] = location.ConversationId,
                ["ActivityId"] = location.RootActivityId,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 1)
        {
            return;
        }
        await _table.CreateIfNotExistsAsync(cancellationToken);
        Volatile.Write(ref _created, 1);
    }
}
