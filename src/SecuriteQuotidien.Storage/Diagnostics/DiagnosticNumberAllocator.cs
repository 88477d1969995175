using System.Globalization;
using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Diagnostics;

/// <summary>
/// One counter row per department and year in the shared Counters table (partition "diagnostic-number"),
/// advanced by ETag compare-and-swap: numbers are unique across instances; a lost race re-reads.
/// </summary>
internal sealed class DiagnosticNumberAllocator(DiagnosticTables tables, TimeProvider time)
{
    private const string Partition = "diagnostic-number";
    private const int MaxAttempts = 100;

    public async Task<DiagnosticNumber> AllocateAsync(string departmentCode, int year, CancellationToken cancellationToken)
    {
        var counters = tables.Shared.Counters;
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{departmentCode}-{year:D4}");
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await counters.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue)
                {
                    await counters.AddEntityAsync(new TableEntity(Partition, rowKey) { ["Last"] = 1 }, cancellationToken);
                    return new DiagnosticNumber(departmentCode, year, 1);
                }
                var row = current.Value!;
                var next = (row.GetInt32("Last") ?? 0) + 1;
                row["Last"] = next;
                await counters.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return new DiagnosticNumber(departmentCode, year, next);
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
            {
                // Spread the losers' next attempts a little.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 5 * Math.Min(attempt, 10))), time, cancellationToken);
            }
        }
        throw new ConcurrencyConflictException($"No diagnostic number allocated for {rowKey} after {MaxAttempts} attempts.");
    }
}
