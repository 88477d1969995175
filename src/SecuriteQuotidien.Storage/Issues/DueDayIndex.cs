using System.Globalization;
using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// PartitionKey = local due day (yyyy-MM-dd), RowKey = sector|issue|reminder key. The sweep asks for
/// today (and any missed days) and reads exactly those partitions, consecutive days in one range query.
/// </summary>
public sealed class DueDayIndex(StorageTables tables) : IDueDayIndex
{
    /// <summary>Upper bound on days per query, so a bad caller cannot turn the sweep into a scan.</summary>
    public const int MaxDaysPerQuery = 62;

    public async Task AddAsync(DueReminder reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var row = new TableEntity(TableKey.Date(reminder.Day), RowKey(reminder))
        {
            ["SectorId"] = reminder.SectorId,
            ["IssueNumber"] = reminder.Number.ToString(),
            ["ReminderKey"] = reminder.ReminderKey,
            ["DueAt"] = reminder.DueAt,
        };
        await tables.DueDays.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task RemoveAsync(DueReminder reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        // DeleteEntity treats 404 as success: removing twice is fine.
        await tables.DueDays.DeleteEntityAsync(TableKey.Date(reminder.Day), RowKey(reminder), ETag.All, cancellationToken);
    }

    public async Task<IReadOnlyList<DueReminder>> ListAsync(IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        var distinct = days.Distinct().Order().ToList();
        if (distinct.Count > MaxDaysPerQuery)
        {
            throw new ArgumentException($"At most {MaxDaysPerQuery} days per query.", nameof(days));
        }
        var reminders = new List<DueReminder>();
        // Consecutive days are one range query over their partitions: one request instead of one per day
        // (the sweep asks for today and the catch-up days before it).
        foreach (var (first, last) in ConsecutiveRuns(distinct))
        {
            var filter = first == last
                ? TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Date(first)}")
                : TableClient.CreateQueryFilter($"PartitionKey ge {TableKey.Date(first)} and PartitionKey le {TableKey.Date(last)}");
            await foreach (var row in tables.DueDays.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                reminders.Add(new DueReminder(DateOnly.ParseExact(row.PartitionKey, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    row.GetString("SectorId"), IssueNumber.Parse(row.GetString("IssueNumber")),
                    row.GetString("ReminderKey"), row.GetDateTimeOffset("DueAt")!.Value));
            }
        }
        return reminders;
    }

    private static IEnumerable<(DateOnly First, DateOnly Last)> ConsecutiveRuns(IReadOnlyList<DateOnly> ordered)
    {
        for (var start = 0; start < ordered.Count;)
        {
            var end = start;
            while (end + 1 < ordered.Count && ordered[end + 1] == ordered[end].AddDays(1))
            {
                end++;
            }
            yield return (ordered[start], ordered[end]);
            start = end + 1;
        }
    }

    private static string RowKey(DueReminder reminder) =>
        TableKey.Join(reminder.SectorId, reminder.Number.ToString(), reminder.ReminderKey);
}
