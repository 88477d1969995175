using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.State;

/// <summary>
/// PartitionKey = conversation id, RowKey = activity id, with an expiry. Insert-if-absent decides who
/// processes an activity; an expired row is taken over with an ETag-checked replace.
/// </summary>
public sealed class ProcessedActivityStore(StorageTables tables, IOptions<StorageOptions> options, TimeProvider time)
    : IProcessedActivityStore
{
    public async Task<bool> TryMarkProcessedAsync(string conversationId, string activityId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        var now = time.GetUtcNow();
        var row = new TableEntity(TableKey.Escape(conversationId), TableKey.Escape(activityId))
        {
            ["ExpiresAt"] = now + options.Value.ProcessedActivityRetention,
        };
        try
        {
            await tables.ProcessedActivities.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
        }

        var existing = await tables.ProcessedActivities.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey,
            cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetDateTimeOffset("ExpiresAt") > now)
        {
            return false;
        }
        try
        {
            // Expired (or just deleted): take it over; of two takers, the ETag lets exactly one win.
            if (existing.HasValue)
            {
                await tables.ProcessedActivities.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await tables.ProcessedActivities.AddEntityAsync(row, cancellationToken);
            }
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            return false;
        }
    }
}
