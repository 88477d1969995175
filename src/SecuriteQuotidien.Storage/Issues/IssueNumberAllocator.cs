using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// One counter row per department and year, advanced by ETag compare-and-swap: a writer that loses
/// the race (412, or 409 on the first row) re-reads and tries again, so numbers are unique across instances.
/// </summary>
public sealed partial class IssueNumberAllocator(StorageTables tables, TimeProvider time, ILogger<IssueNumberAllocator> logger) : IIssueNumberAllocator
{
    private const string Partition = "issue-number";
    private const int MaxAttempts = 200;
    private long _lostRaces;

    /// <summary>Races lost since start (each cost one re-read); exposed for tests and diagnostics.</summary>
    public long LostRaces => Interlocked.Read(ref _lostRaces);

    public async Task<IssueNumber> AllocateAsync(string departmentCode, int year, CancellationToken cancellationToken)
    {
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{departmentCode}-{year:D4}");
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = await tables.Counters.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue)
                {
                    await tables.Counters.AddEntityAsync(new TableEntity(Partition, rowKey) { ["Last"] = 1 }, cancellationToken);
                    return new IssueNumber(departmentCode, year, 1);
                }
                var row = current.Value!;
                var next = (row.GetInt32("Last") ?? 0) + 1;
                row["Last"] = next;
                await tables.Counters.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return new IssueNumber(departmentCode, year, next);
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
            {
                Interlocked.Increment(ref _lostRaces);
                LogLostRace(logger, departmentCode, year, attempt);
                // A short random pause spreads the next attempts of the losers.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 5 * Math.Min(attempt, 10))), time, cancellationToken);
            }
        }
        throw new ConcurrencyConflictException($"No issue number allocated for {rowKey} after {MaxAttempts} attempts.");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Issue number race lost for {DepartmentCode}-{Year} (attempt {Attempt}); re-reading")]
    private static partial void LogLostRace(ILogger logger, string departmentCode, int year, int attempt);
}
