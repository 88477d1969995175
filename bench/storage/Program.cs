// Azure Table Storage through Azure.Data.Tables against the given endpoint (Azurite in memory here):
// single upserts (1 and 16 at a time), 100-entity batch transactions, and the reminder sweep's
// due-day query for one day with 50,000 issues in the due-day index (spread over 60 days).
// Usage: StorageBench <tables connection string>
using System.Diagnostics;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Issues;
using SecuriteQuotidien.Storage.Tables;

var service = new TableServiceClient(args[0]);
var tables = new StorageTables(service, "bench" + Guid.NewGuid().ToString("N")[..8]);
await tables.CreateAllAsync(CancellationToken.None);
var scratch = service.GetTableClient("benchscratch" + Guid.NewGuid().ToString("N")[..8]);
await scratch.CreateIfNotExistsAsync();

TableEntity Row(string partition, int i) => new(partition, i.ToString("D7"))
{
    ["Description"] = "Un groupe occupe le hall chaque soir, bruit et déchets laissés sur place.",
    ["Status"] = "New",
    ["CreatedAt"] = DateTimeOffset.UtcNow,
};

async Task<double> RateAsync(int count, int concurrency, Func<int, Task> write)
{
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => await write(i));
    return count / clock.Elapsed.TotalSeconds;
}

// Warm-up.
await RateAsync(200, 4, i => scratch.UpsertEntityAsync(Row("warm", i)));

var single1 = await RateAsync(2_000, 1, i => scratch.UpsertEntityAsync(Row("single1", i)));
var single16 = await RateAsync(5_000, 16, i => scratch.UpsertEntityAsync(Row("single16-" + (i % 16), i)));
var batches1 = await RateAsync(50, 1, b => scratch.SubmitTransactionAsync(
    Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row("batch1-" + b, i)))));
var batches4 = await RateAsync(100, 4, b => scratch.SubmitTransactionAsync(
    Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row("batch4-" + b, i)))));

// 50,000 issues in the due-day index, one entry each over the next 60 days.
var index = new DueDayIndex(tables);
var today = new DateOnly(2026, 11, 30);
var load = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(1, 50_000), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, ct) =>
{
    var day = today.AddDays(n % 60);
    var number = new IssueNumber("05", 2026 + n / 10_000, n % 10_000 + 1);
    await index.AddAsync(new DueReminder(day, "gap-hyper-centre", number, "J15", new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 30)), TimeSpan.Zero)), ct);
});
load.Stop();
var queries = new List<double>();
int found = 0;
for (var run = 0; run < 11; run++)
{
    var clock = Stopwatch.StartNew();
    found = (await index.ListAsync([today.AddDays(7)], CancellationToken.None)).Count;
    queries.Add(clock.Elapsed.TotalMilliseconds);
}
queries.Sort();

Console.WriteLine($"| measure | value |");
Console.WriteLine($"|---|---|");
Console.WriteLine($"| single upserts, 1 at a time | {single1:F0} entities/s |");
Console.WriteLine($"| single upserts, 16 at a time | {single16:F0} entities/s |");
Console.WriteLine($"| 100-entity batch transactions, 1 at a time | {batches1 * 100:F0} entities/s ({batches1:F1} batches/s) |");
Console.WriteLine($"| 100-entity batch transactions, 4 at a time | {batches4 * 100:F0} entities/s ({batches4:F1} batches/s) |");
Console.WriteLine($"| due-day index load, 50,000 entries (32 at a time) | {load.Elapsed.TotalSeconds:F1} s |");
Console.WriteLine($"| due-day query for one day ({found} entries of 50,000), median of 11 | {queries[5]:F1} ms (min {queries[0]:F1}, max {queries[^1]:F1}) |");
await scratch.DeleteAsync();
