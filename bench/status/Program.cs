// Times the status answers (`point`, `point Briançon`, `en retard`, `échéances`) over N issues, as the bot answers a
// typed request: the running totals of the sectors in scope (point reads), the indicators, chart and card.
//   dotnet run -c Release -- <tables connection string> <issue count> [repository root]
// BENCH_DUMP=<path> writes both reports of the equality check to <path>.totals and <path>.recomputed.
// BENCH_ISSUE_ROWS=0 skips writing the issue rows themselves (the answers never read them; at 1,000,000 writing them
// takes hours on a busy emulator); the totals are always built from the same issues.
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.Bot.Status;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Storage.Status;
using SecuriteQuotidien.Storage.Tables;
using SecuriteQuotidien.Storage.Tests;
using SecuriteQuotidien.Testing;

var connection = args[0];
var count = int.Parse(args[1], CultureInfo.InvariantCulture);
var repo = args.Length > 2 ? args[2] : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var writeIssueRows = Environment.GetEnvironmentVariable("BENCH_ISSUE_ROWS") != "0";

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Tables"] = connection,
    ["Storage:TablePrefix"] = "bench" + count.ToString(CultureInfo.InvariantCulture),
    ["Directory:Path"] = Path.Combine(repo, "departments", "hautes-alpes.json"),
}).Build();
var requests = new RequestRecorder();
ServiceProvider Build()
{
    var services = new ServiceCollection();
    services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
    services.AddSingleton<IConfiguration>(configuration);
    var clientOptions = new TableClientOptions();
    clientOptions.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerRetry);
    services.AddSingleton(new TableServiceClient(connection, clientOptions));
    services.AddTableStorage(configuration);
    services.AddDepartmentDirectory(configuration);
    services.AddStatus(configuration);
    return services.BuildServiceProvider();
}

var now = DateTimeOffset.UtcNow;
var issues = Generate(count, now);
await using (var loader = Build())
{
    var tables = loader.GetRequiredService<StorageTables>();
    await tables.CreateAllAsync(CancellationToken.None);
    var directory = loader.GetRequiredService<IDirectory>();
    if (writeIssueRows)
    {
        var seeding = Stopwatch.StartNew();
        await SeedRowsAsync(tables.Issues, issues);
        Console.Error.WriteLine($"wrote {count} issue rows in {seeding.Elapsed.TotalSeconds:0.0} s");
    }
    // The totals as the projector builds them for a sector that has none (StatusTallyProjector.EnsureInitialisedAsync),
    // from the issues in memory instead of reading them back.
    var building = Stopwatch.StartNew();
    var store = loader.GetRequiredService<StatusTotalsStore>();
    await Parallel.ForEachAsync(issues.GroupBy(i => i.Issue.SectorId), new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (sector, ct) =>
        await store.RebuildAsync(sector.Key, [.. sector.Select(i => new TallyChange(i.Issue.Number, 1, StatusTally.Of(i.Issue, DelayOf(directory, i.Issue), i.LastChange)))], ct));
    Console.Error.WriteLine($"built the totals of {count} issues in {building.Elapsed.TotalSeconds:0.0} s");
}

// A fresh provider: nothing of the loading is cached; every answer reads the totals afresh.
await using var provider = Build();
var status = provider.GetRequiredService<StatusService>();
var source = provider.GetRequiredService<StatusIssueSource>();
var dir = provider.GetRequiredService<IDirectory>();
var commissioner = dir.RolesOf("00000000-0000-4000-8000-000000000031");

// The figures equal a recomputation from the issues themselves (IndicatorCalculator over every issue).
var today = ParisTime.DateOf(now);
var point = new StatusQuery(StatusQueryKind.Summary, StatusScope.Department, StatusPeriods.ThisYear(today));
// Both lists complete, so that they are compared too (an answer reads only their first issues).
var fromTotals = (await source.TotalsAsync(point, now, int.MaxValue, int.MaxValue, CancellationToken.None)).Report(point, now);
var recomputed = IndicatorCalculator.Compute(issues.Select(i => IssueSnapshot.FromIssue(i.Issue, DelayOf(dir, i.Issue), now)), point, now);
if (Environment.GetEnvironmentVariable("BENCH_DUMP") is { Length: > 0 } dump)
{
    File.WriteAllText(dump + ".totals", StatusReportText.Of(fromTotals));
    File.WriteAllText(dump + ".recomputed", StatusReportText.Of(recomputed));
}
Console.WriteLine($"Figures of `point` equal to a recomputation over the {count} issues: "
    + (StatusReportText.Of(fromTotals) == StatusReportText.Of(recomputed) ? "yes" : "NO"));

Console.WriteLine("| issues | request | first (ms) | median of 5 (ms) | max of 5 (ms) | totals read, median (ms) | table requests | card bytes |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var request in new[] { "point", "point Briançon", "en retard", "échéances" })
{
    var first = Stopwatch.StartNew();
    var answer = await status.AnswerAsync(request, commissioner, CancellationToken.None);
    first.Stop();
    var runs = new List<double>();
    var reads = new List<double>();
    var tableRequests = 0;
    for (var i = 0; i < 5; i++)
    {
        requests.Clear();
        var watch = Stopwatch.StartNew();
        answer = await status.AnswerAsync(request, commissioner, CancellationToken.None);
        runs.Add(watch.Elapsed.TotalMilliseconds);
        tableRequests = requests.Requests.Count;
        // The storage part alone: the totals the answer reads, without the indicators, chart and card.
        var query = new StatusQueryParser(dir).Parse(request, today).Query!;
        var reading = Stopwatch.StartNew();
        await source.TotalsAsync(query, now, query.Kind == StatusQueryKind.DueSoon ? 0 : 25, query.Kind == StatusQueryKind.DueSoon ? 25 : 0, CancellationToken.None);
        reads.Add(reading.Elapsed.TotalMilliseconds);
    }
    runs.Sort();
    reads.Sort();
    var size = answer.Attachments?[0].Content is { } content ? content.GetRawText().Length : answer.Text?.Length ?? 0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {count} | {request} | {first.Elapsed.TotalMilliseconds:0} | {runs[2]:0} | {runs[^1]:0} | {reads[2]:0} | {tableRequests} | {size} |"));
}

// The baseline of the same run: `point` as it was answered before the totals, cold: every issue row of the department
// read (six partitions in parallel, no free texts), then the indicators computed over them. Once: it takes seconds.
if (writeIssueRows)
{
    requests.Clear();
    var baseline = Stopwatch.StartNew();
    var all = await source.LoadAsync(point, now, CancellationToken.None);
    var listed = baseline.Elapsed.TotalMilliseconds;
    var report = IndicatorCalculator.Compute(all.Snapshots, point, now);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {count} | baseline: point from every issue row ({all.Snapshots.Count} read, {report.Totals.Issues} in the figures) | {baseline.Elapsed.TotalMilliseconds:0} | — | — | {listed:0} | {requests.Requests.Count} | — |"));
}

static int DelayOf(IDirectory directory, Issue issue) => directory.FindCategory(issue.CategoryId)?.ResponseDelayDays ?? Issue.DefaultResponseDelayDays;

// Issues over the six sectors and the past year (the distribution of earlier runs): 80 % answered (within 45 days),
// 70 % of those closed, 2 % of the open ones paused three days ago; each with its clock, as the bot keeps it.
static List<(Issue Issue, DateTimeOffset LastChange)> Generate(int count, DateTimeOffset now)
{
    var random = new Random(42);
    string[] sectors = ["gap-hyper-centre", "gap-zones-economiques", "gap-forte-densite", "briancon-hyper-centre", "briancon-zones-economiques", "briancon-forte-densite"];
    string[] categories = ["incivilites", "occupation-parties-communes", "stupefiants", "vols", "agressions-personnel", "securite-routiere", "autre"];
    var issues = new List<(Issue, DateTimeOffset)>(count);
    for (var i = 1; i <= count; i++)
    {
        var created = now.AddMinutes(-random.Next(1, 365 * 24 * 60));
        var age = (now - created).TotalDays;
        var answered = age > 3 && random.NextDouble() < 0.8 ? created.AddDays(random.Next(1, (int)Math.Min(age, 45))) : (DateTimeOffset?)null;
        var closed = answered is { } a && age > 20 && random.NextDouble() < 0.7 ? a.AddDays(random.Next(0, 15)) : (DateTimeOffset?)null;
        if (closed > now)
        {
            closed = null;
        }
        var paused = closed is null && random.NextDouble() < 0.02 ? now.AddDays(-3) : (DateTimeOffset?)null;
        var clock = IssueClock.Empty;
        clock = answered is { } r ? clock.Responded(r) : clock;
        clock = paused is { } p && p > created ? clock.Paused(p) : clock;
        clock = closed is { } c ? clock.Closed(c) : clock;
        var issue = new Issue
        {
            Number = new IssueNumber("05", created.Year, i),
            SectorId = sectors[i % sectors.Length],
            CategoryId = categories[i % categories.Length],
            Reporter = new IssueReporter("00000000-0000-4000-8000-000000000001", "residence-les-cedres"),
            Site = IssueSite.Address("12 rue de France, Gap"),
            LastOccurrence = ParisTime.DateOf(created).AddDays(-1),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Weekly,
            Description = "Regroupement bruyant dans le hall chaque soir, déchets laissés sur place, locataires inquiets.",
            CreatedAt = created,
            Deadline = ParisTime.DateOf(created).AddDays(30),
            Status = closed is not null ? IssueStatus.Closed : answered is not null ? IssueStatus.ResponseEngaged : age > 2 ? IssueStatus.Acknowledged : IssueStatus.New,
            Outcome = closed is null ? null : random.NextDouble() < 0.8 ? IssueOutcome.Resolved : IssueOutcome.NotResolved,
            FirstResponseAt = answered,
            ClosedAt = closed,
            PausedAt = clock.RunningPauseStart,
            Clock = clock,
            Thread = new ChannelThread($"19:{sectors[i % sectors.Length]}@thread.tacv2;messageid=17{i:00000000000}", $"17{i:00000000000}"),
        };
        var last = new[] { created, answered ?? created, closed ?? created, paused ?? created }.Max();
        issues.Add((issue, last));
    }
    return issues;
}

// The issue rows as written before clocks were kept on them (the status answers never read them), 100 per
// transaction (one partition each), bypassing number allocation.
static async Task SeedRowsAsync(TableClient table, List<(Issue Issue, DateTimeOffset LastChange)> issues)
{
    var rows = issues.Select(x => x.Issue).Select(i => new TableEntity(i.SectorId, "issue|" + i.Number)
    {
        ["Number"] = i.Number.ToString(),
        ["CategoryId"] = i.CategoryId,
        ["ReporterObjectId"] = i.Reporter.ObjectId,
        ["ReporterOrganisationId"] = i.Reporter.OrganisationId,
        ["FreeAddress"] = i.Site.FreeAddress,
        ["LastOccurrence"] = i.LastOccurrence.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["TimeOfDay"] = i.TimeOfDay.ToString(),
        ["Frequency"] = i.Frequency.ToString(),
        ["Description"] = i.Description,
        ["CreatedAt"] = i.CreatedAt,
        ["Deadline"] = i.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Status"] = i.Status.ToString(),
        ["Outcome"] = i.Outcome?.ToString(),
        ["FirstResponseAt"] = i.FirstResponseAt,
        ["ClosedAt"] = i.ClosedAt,
        ["PausedAt"] = i.PausedAt,
        ["ThreadConversationId"] = i.Thread!.ConversationId,
        ["ThreadRootActivityId"] = i.Thread.RootActivityId,
    });
    var batches = rows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(100)).ToList();
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (batch, ct) =>
        await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct));
}
