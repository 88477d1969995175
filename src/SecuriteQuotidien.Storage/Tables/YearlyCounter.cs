using System.Globalization;
using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Storage.Tables;

/// <summary>
/// Per-department, per-year sequence numbers: one row "{department}-{year}" in <paramref name="partition"/> of a
/// counters table holds the last number handed out by any instance, advanced by ETag compare-and-swap. A loser of
/// the race (409 on the first row, 412 after) re-reads after a short random pause, so numbers are unique across
/// instances; a block reserved but not used leaves a gap.
/// </summary>
internal sealed class YearlyCounter(TableClient counters, string partition, TimeProvider time, int maxAttempts)
{
    /// <summary>
    /// Reserves the next <paramref name="count"/> numbers of <paramref name="departmentCode"/>'s
    /// <paramref name="year"/> and returns the first and last; <paramref name="onLostRace"/> hears of each lost
    /// race (its attempt number). Throws <see cref="ConcurrencyConflictException"/> after too many lost races.
    /// </summary>
    public async Task<(int First, int Last)> ReserveAsync(string departmentCode, int year, int count,
        CancellationToken cancellationToken, Action<int>? onLostRace = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{departmentCode}-{year:D4}");
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = await counters.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue)
                {
                    await counters.AddEntityAsync(new TableEntity(partition, rowKey) { ["Last"] = count }, cancellationToken);
                    return (1, count);
                }
                var row = current.Value!;
                var last = row.GetInt32("Last") ?? 0;
                row["Last"] = last + count;
                await counters.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return (last + 1, last + count);
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
            {
                onLostRace?.Invoke(attempt);
                // Spreads the losers' next attempts a little.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 5 * Math.Min(attempt, 10))), time, cancellationToken);
            }
        }
        throw new ConcurrencyConflictException($"No {partition} reserved for {rowKey} after {maxAttempts} attempts.");
    }
}
