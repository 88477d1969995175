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

    /// <summary>Most actions in one entity group transaction (the service's limit).</summary>
    public const int MaxActionsPerTransaction = 100;

    public async Task AddAsync(DueReminder reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        await tables.DueDays.UpsertEntityAsync(ToRow(reminder), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// One transaction per day partition and hundred rows: first all the upserts, then, once every one
    /// succeeded, the deletions. A reminder sweep of 500 issues due today thus writes its next entries in a
    /// few transactions (their days are few) and removes today's entries in five.
    /// </summary>
    public async Task ReplaceAsync(IReadOnlyCollection<DueReminder> add, IReadOnlyCollection<DueReminder> remove, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(remove);
        var upserts = add.DistinctBy(r => r.Entry).Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToRow(r)));
        await SubmitByPartitionAsync(upserts, cancellationToken);
        var added = add.Select(r => r.Entry).ToHashSet();
        var deletions = remove.Where(r => !added.Contains(r.Entry)).DistinctBy(r => r.Entry)
            .Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(TableKey.Date(r.Day), RowKey(r)), ETag.All));
        await SubmitByPartitionAsync(deletions, cancellationToken);
    }

    private async Task SubmitByPartitionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var transactions = actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxActionsPerTransaction));
        await Task.WhenAll(transactions.Select(async transaction =>
        {
            try
            {
                await tables.DueDays.SubmitTransactionAsync(transaction, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.IsNotFound() && transaction.All(a => a.ActionType == TableTransactionActionType.Delete))
            {
                // A row to delete is already gone (removed by an earlier, interrupted attempt): the transaction
                // failed whole, so delete one by one, where a missing row is not an error.
                await Task.WhenAll(transaction.Select(a => tables.DueDays.DeleteEntityAsync(a.Entity.PartitionKey, a.Entity.RowKey, ETag.All, cancellationToken)));
            }
        }));
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

    private static TableEntity ToRow(DueReminder reminder) => new(TableKey.Date(reminder.Day), RowKey(reminder))
    {
        ["SectorId"] = reminder.SectorId,
        ["IssueNumber"] = reminder.Number.ToString(),
        ["ReminderKey"] = reminder.ReminderKey,
        ["DueAt"] = reminder.DueAt,
    };

    private static string RowKey(DueReminder reminder) =>
        TableKey.Join(reminder.SectorId, reminder.Number.ToString(), reminder.ReminderKey);
}
