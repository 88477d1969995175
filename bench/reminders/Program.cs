// One reminder sweep with N open issues in the due-day index and D of them due today.
// Stored: the D due issues (issue row, timeline, thread) and one index row per issue — D in today's
// partition, the others spread over the next 60 days' partitions (never read by today's sweep);
// the other issues' rows are not written since the sweep never reads them.
// Usage: ReminderBench <tables connection string> <open issues> <due today>
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.BotFramework;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;
using SecuriteQuotidien.Testing;

var connection = args[0];
var openIssues = int.Parse(args[1], CultureInfo.InvariantCulture);
var dueToday = int.Parse(args[2], CultureInfo.InvariantCulture);
var today = new DateOnly(2026, 3, 17); // a Tuesday
var created = today.AddDays(-15);
var time = new FakeTimeProvider(ParisTime.At(created, new TimeOnly(10, 0)));

var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Tables"] = connection,
    ["Storage:TablePrefix"] = prefix,
    ["Directory:Path"] = RepoPaths.Combine("departments", "hautes-alpes.json"),
    ["Delivery:DefaultServiceUrl"] = "http://127.0.0.1:9/",
    ["Reminders:Enabled"] = "false",
});
if (Environment.GetEnvironmentVariable("BENCH_SWEEP_PARALLELISM") is { Length: > 0 } parallelism)
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Reminders:SweepParallelism"] = parallelism });
}
builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
builder.Services.AddSingleton<TimeProvider>(time);
// Records the table requests (bench-only client registration: AddTableStorage keeps a client already registered).
var requests = new SecuriteQuotidien.Storage.Tests.RequestRecorder();
var clientOptions = new TableClientOptions();
clientOptions.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerRetry);
builder.Services.AddSingleton(new TableServiceClient(connection, clientOptions));
builder.Services.AddBotFramework(builder.Configuration, builder.Environment);
builder.Services.AddTableStorage(builder.Configuration);
builder.Services.AddDepartmentDirectory(builder.Configuration);
builder.Services.AddDelivery(builder.Configuration);
builder.Services.AddReminders(builder.Configuration);
// Only the sweep is measured: the outbox keeps the reminders, nothing is sent.
builder.Services.Remove(builder.Services.Single(d => d.ImplementationType == typeof(SecuriteQuotidien.Bot.Delivery.OutboxDispatcher)));
using var host = builder.Build();
await host.StartAsync();
var services = host.Services;
var issues = services.GetRequiredService<IIssueRepository>();
var scheduler = services.GetRequiredService<IReminderScheduler>();
var tables = services.GetRequiredService<StorageTables>();

var load = Stopwatch.StartNew();
// Sequential: the number allocator's retry delay runs on the (fake, frozen) clock, so contention would stall.
await Parallel.ForEachAsync(Enumerable.Range(0, dueToday), new ParallelOptions { MaxDegreeOfParallelism = 1 }, async (i, ct) =>
{
    var draft = new IssueDraft
    {
        SectorId = "gap-hyper-centre",
        CategoryId = "incivilites",
        Reporter = new IssueReporter("00000000-0000-4000-8000-000000000001", "residence-les-cedres"),
        Site = IssueSite.Known("gap-rue-carnot"),
        LastOccurrence = created,
        TimeOfDay = TimeOfDay.Evening,
        Frequency = IssueFrequency.Daily,
        Description = "Regroupement bruyant chaque soir devant l'entrée.",
    };
    var issue = (await issues.CreateAsync(draft, $"bench-{i}", ct)).Stored.Issue;
    var thread = new ChannelThread($"19:gap-hyper-centre@thread.tacv2;messageid={i + 1}", (i + 1).ToString(CultureInfo.InvariantCulture));
    issue = (await issues.ApplyAsync(issue.SectorId, issue.Number, x => x.AttachThread(thread, "bot", time.GetUtcNow()), ct))!.Value.Issue;
    await scheduler.RescheduleAsync(issue, ct);
});

// The other open issues' next reminders, in later partitions, 100 rows per batch (one partition per batch).
var others = openIssues - dueToday;
var batches = Enumerable.Range(0, (others + 99) / 100);
await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (batch, ct) =>
{
    var day = today.AddDays(1 + (batch % 60));
    var actions = Enumerable.Range(batch * 100, Math.Min(100, others - (batch * 100))).Select(n => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
        new TableEntity(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"gap-hyper-centre|05-2026-{n + 100000:D6}|J15")
        {
            ["SectorId"] = "gap-hyper-centre",
            ["IssueNumber"] = $"05-2026-{n + 100000:D6}",
            ["ReminderKey"] = "J15",
            ["DueAt"] = ParisTime.At(day, new TimeOnly(8, 30)),
        }));
    await tables.DueDays.SubmitTransactionAsync(actions, ct);
});
Console.WriteLine($"Loaded {dueToday} due issues and {others} other index rows in {load.Elapsed.TotalSeconds:F1} s");

time.SetUtcNow(ParisTime.At(today, new TimeOnly(8, 30)));
// Where the time goes: the index read alone (one range query over today and the catch-up days). Azurite
// answers any query by scanning the whole table, so this part grows with the rows stored there; Table
// Storage reads only the partitions in the range.
var index = services.GetRequiredService<IDueDayIndex>();
var reading = Stopwatch.StartNew();
var listed = await index.ListAsync(ReminderScheduler.SweepDays(time.GetUtcNow(), 7), CancellationToken.None);
Console.WriteLine($"Index read: {listed.Count} entries in {reading.Elapsed.TotalMilliseconds:F0} ms");

var worker = services.GetRequiredService<ReminderWorker>();
requests.Clear();
var sweep = Stopwatch.StartNew();
var result = await worker.RunOnceAsync(CancellationToken.None);
sweep.Stop();
Console.WriteLine($"Sweep: {openIssues} open issues, {result.EntriesDue} entries due, {result.Enqueued.Count} reminders enqueued, {result.Failed} failed, in {sweep.Elapsed.TotalMilliseconds:F0} ms");
var perTable = requests.CountByTable(prefix).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}");
Console.WriteLine($"Table requests: {requests.Requests.Count} ({string.Join(", ", perTable)}); table requests per reminder: "
    + (result.Enqueued.Count == 0 ? "n/a" : ((double)requests.Requests.Count / result.Enqueued.Count).ToString("F2", CultureInfo.InvariantCulture)));
await host.StopAsync();
return result.Enqueued.Count == dueToday && result.Failed == 0 ? 0 : 1;
