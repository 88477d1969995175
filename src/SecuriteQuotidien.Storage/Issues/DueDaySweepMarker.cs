using System.Globalization;
using Azure.Data.Tables;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// The last day the reminder sweep completed without failures, kept in the due-day table under a
/// partition that is not a date (so no day range reads it). After an outage longer than the catch-up
/// window, the first sweep reads from this day instead of dropping the index days it would never read again.
/// </summary>
public sealed class DueDaySweepMarker(StorageTables tables)
{
    private const string Partition = "~sweep";
    private const string Row = "last-completed";

    public async Task<DateOnly?> GetLastCompletedAsync(CancellationToken cancellationToken)
    {
        var row = await tables.DueDays.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        return row.HasValue && DateOnly.TryParseExact(row.Value!.GetString("Day"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }

    public async Task SetLastCompletedAsync(DateOnly day, CancellationToken cancellationToken) =>
        await tables.DueDays.UpsertEntityAsync(new TableEntity(Partition, Row) { ["Day"] = TableKey.Date(day) },
            TableUpdateMode.Replace, cancellationToken);
}
