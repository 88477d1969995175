// Times the status answers (`point`, `point Briançon`, `en retard`) over N issues stored in Azurite:
// load from the sector partitions, timelines where needed, indicators, chart and card, as the bot does.
//   dotnet run -c Release -- <tables connection string> <issue count>
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecuriteQuotidien.Bot.Status;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Storage.Tables;

var connection = args[0];
var count = int.Parse(args[1], CultureInfo.InvariantCulture);
var repo = args.Length > 2 ? args[2] : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Tables"] = connection,
    ["Storage:TablePrefix"] = "bench" + count.ToString(CultureInfo.InvariantCulture),
    ["Directory:Path"] = Path.Combine(repo, "departments", "hautes-alpes.json"),
}).Build();
var services = new ServiceCollection();
services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
services.AddSingleton<IConfiguration>(configuration);
services.AddTableStorage(configuration);
services.AddDepartmentDirectory(configuration);
services.AddStatus(configuration);
await using var provider = services.BuildServiceProvider();

var tables = provider.GetRequiredService<StorageTables>();
await tables.CreateAllAsync(CancellationToken.None);
var directory = provider.GetRequiredService<IDirectory>();

var seeding = Stopwatch.StartNew();
await SeedAsync(tables.Issues, directory, count);
Console.Error.WriteLine($"seeded {count} issues in {seeding.Elapsed.TotalSeconds:0.0} s");

// Where the time goes: the repository listing alone, and the same rows read with a column projection.
var repository = provider.GetRequiredService<SecuriteQuotidien.Domain.Issues.IIssueRepository>();
for (var i = 0; i < 3; i++)
{
    var listing = Stopwatch.StartNew();
    var lists = await Task.WhenAll(directory.Sectors.Select(s => repository.ListBySectorAsync(s.Id, CancellationToken.None)));
    var listed = listing.Elapsed.TotalMilliseconds;
    var projecting = Stopwatch.StartNew();
    var projected = await Task.WhenAll(directory.Sectors.Select(async s =>
    {
        var n = 0;
        await foreach (var _ in tables.Issues.QueryAsync<TableEntity>($"PartitionKey eq '{s.Id}'",
            select: ["Number", "CategoryId", "ReporterObjectId", "CreatedAt", "Deadline", "Status", "Outcome", "FirstResponseAt", "ClosedAt", "PausedAt"]))
        {
            n++;
        }
        return n;
    }));
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"listing {lists.Sum(l => l.Count)} issues: repository {listed:0} ms, projection {projecting.Elapsed.TotalMilliseconds:0} ms ({projected.Sum()})"));
}

var commissioner = directory.RolesOf("00000000-0000-4000-8000-000000000031");
Console.WriteLine("| issues | cache | request | first (ms) | median of 5 (ms) | max of 5 (ms) | card bytes |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var (cacheDuration, warm) in new[] { ("00:00:00", false), ("00:01:00", false), ("00:01:00", true) })
{
    // A fresh provider per mode, so the cached mode starts cold too.
    var modeServices = new ServiceCollection();
    var modeConfiguration = new ConfigurationBuilder().AddConfiguration(configuration)
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Status:CacheDuration"] = cacheDuration }).Build();
    modeServices.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
    modeServices.AddTableStorage(modeConfiguration);
    modeServices.AddDepartmentDirectory(modeConfiguration);
    modeServices.AddStatus(modeConfiguration);
    await using var modeProvider = modeServices.BuildServiceProvider();
    var status = modeProvider.GetRequiredService<StatusService>();
    var label = cacheDuration == "00:00:00" ? "off" : warm ? "1 min, warmed at start" : "1 min";
    if (warm)
    {
        // As the bot does at start (Status:WarmCache): the warmer's first pass, then the commissioner's first request.
        var warmer = modeProvider.GetRequiredService<StatusCacheWarmer>();
        var warming = Stopwatch.StartNew();
        await warmer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 6_000 && warmer.Passes == 0; i++)
        {
            await Task.Delay(10);
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up pass: {warming.Elapsed.TotalMilliseconds:0} ms"));
    }
    foreach (var request in new[] { "point", "point Briançon", "en retard", "échéances" })
    {
        var first = Stopwatch.StartNew();
        var answer = await status.AnswerAsync(request, commissioner, CancellationToken.None);
        first.Stop();
        var runs = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            answer = await status.AnswerAsync(request, commissioner, CancellationToken.None);
            runs.Add(watch.Elapsed.TotalMilliseconds);
        }
        runs.Sort();
        var size = answer.Attachments?[0].Content is { } content ? content.GetRawText().Length : answer.Text?.Length ?? 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {count} | {label} | {request} | {first.Elapsed.TotalMilliseconds:0} | {runs[2]:0} | {runs[^1]:0} | {size} |"));
    }
}

// Rows as the issue repository writes them, spread over the six sectors and the past year; written in
// batches of 100 per partition (one entity-group transaction each), bypassing number allocation.
static async Task SeedAsync(TableClient issues, IDirectory directory, int count)
{
    var random = new Random(42);
    var now = DateTimeOffset.UtcNow;
    var sectors = directory.Sectors.Select(s => s.Id).ToArray();
    var categories = directory.Categories.Select(c => c.Id).ToArray();
    var rows = Enumerable.Range(1, count).Select(i =>
    {
        var sector = sectors[i % sectors.Length];
        var created = now.AddMinutes(-random.Next(1, 365 * 24 * 60));
        var age = (now - created).TotalDays;
        var answered = age > 3 && random.NextDouble() < 0.8 ? created.AddDays(random.Next(1, (int)Math.Min(age, 45))) : (DateTimeOffset?)null;
        var closed = answered is { } a && age > 20 && random.NextDouble() < 0.7 ? a.AddDays(random.Next(0, 15)) : (DateTimeOffset?)null;
        if (closed > now)
        {
            closed = null;
        }
        var status = closed is not null ? "Closed" : answered is not null ? "ResponseEngaged" : age > 2 ? "Acknowledged" : "New";
        var number = $"05-{created.Year}-{i:0000}";
        return new TableEntity(sector, "issue|" + number)
        {
            ["Number"] = number,
            ["CategoryId"] = categories[i % categories.Length],
            ["ReporterObjectId"] = "00000000-0000-4000-8000-000000000001",
            ["ReporterOrganisationId"] = "residence-les-cedres",
            ["FreeAddress"] = "12 rue de France, Gap",
            ["LastOccurrence"] = Day(ParisTime.DateOf(created).AddDays(-1)),
            ["TimeOfDay"] = "Evening",
            ["Frequency"] = "Weekly",
            ["Description"] = "Regroupement bruyant dans le hall chaque soir, déchets laissés sur place, locataires inquiets.",
            ["CreatedAt"] = created,
            ["Deadline"] = Day(ParisTime.DateOf(created).AddDays(30)),
            ["Status"] = status,
            ["Outcome"] = closed is null ? null : random.NextDouble() < 0.8 ? "Resolved" : "NotResolved",
            ["FirstResponseAt"] = answered,
            ["ClosedAt"] = closed,
            ["PausedAt"] = closed is null && random.NextDouble() < 0.02 ? now.AddDays(-3) : null,
            ["ThreadConversationId"] = $"19:{sector}@thread.tacv2;messageid=17{i:00000000000}",
            ["ThreadRootActivityId"] = $"17{i:00000000000}",
        };
    });
    var batches = rows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(100)).ToList();
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (batch, ct) =>
        await issues.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct));
}

// The row format of dates (TableKey.Date in the storage project).
static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
