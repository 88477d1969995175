using System.Globalization;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Storage.Privacy;

/// <summary>
/// PartitionKey = UTC month of closure ("2026-05"), RowKey = issue number. The retention worker reads the
/// partitions up to the cutoff month, so its cost grows with the issues due, not with the issues stored.
/// </summary>
public sealed class ClosedIssueIndex(PrivacyTables tables) : IClosedIssueIndex
{
    public async Task AddAsync(ClosedIssueEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.ClosedIssues.UpsertEntityAsync(new TableEntity(MonthKey(entry.ClosedAt), entry.Number.ToString())
        {
            ["SectorId"] = entry.SectorId,
            ["ClosedAt"] = entry.ClosedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<ClosedIssueEntry>> ListClosedBeforeAsync(DateTimeOffset closedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await tables.EnsureCreatedAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {MonthKey(closedBefore)} and ClosedAt lt {closedBefore}");
        var entries = new List<ClosedIssueEntry>();
        await foreach (var row in tables.ClosedIssues.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(new ClosedIssueEntry(row.GetString("SectorId"), IssueNumber.Parse(row.RowKey), row.GetDateTimeOffset("ClosedAt")!.Value));
            if (entries.Count == max)
            {
                break;
            }
        }
        return entries;
    }

    public async Task RemoveAsync(ClosedIssueEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.ClosedIssues.DeleteEntityAsync(MonthKey(entry.ClosedAt), entry.Number.ToString(), cancellationToken: cancellationToken);
    }

    private static string MonthKey(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
