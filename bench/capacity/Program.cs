// Replays a scaled-down national day on one Azurite account and reports the table requests per partition.
//   dotnet CapacityBench.dll <tables connection string> [departments (10)] [scale (1)]
// A national day (docs/capacite.md): 100 departments, 600 sectors, 200,000 issues a year. Each department is one
// deployment of the bot (its own tables, one storage account for all): here D in-process bots on the Hautes-Alpes
// file, each with its own table prefix, share the emulator. For each, one Monday: the weekly digest at 08:00, the
// reminder sweep at 08:30 (its open issues seeded 15 days earlier), then the day's reports through the real form,
// referent changes, status requests and help messages, the outbox dispatcher posting to a connector stand-in
// throughout. Per department and day, times the scale: 6 reports, 22 referent changes, 10 reminders due,
// 7 digest messages, 10 status requests, 30 other messages (the national average; docs/capacite.md).
// Every table request is recorded with its table and partition key; the busiest partitions come out of it.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Bot.Status;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

var connection = args[0];
var departments = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var scale = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 1.0;
int PerDay(double national) => Math.Max(1, (int)Math.Round(national * scale));
var reports = PerDay(6);
var changes = PerDay(22);
var reminders = PerDay(10);
var statusRequests = PerDay(10);
var messages = PerDay(30);

// Monday 23 November 2026: the digest's day; J+15 of issues created on Sunday 8 November falls on it.
var monday = new DateOnly(2026, 11, 23);
var clock = TestClock.StartingAt(ParisTime.At(monday.AddDays(-15), new TimeOnly(10, 0)));
var recorder = new PartitionRecorder();
var hosts = new List<BotTestHost>();
var total = Stopwatch.StartNew();
for (var d = 0; d < departments; d++)
{
    hosts.Add(await BotTestHost.StartAsync(connection, new BotTestHostOptions
    {
        Time = clock,
        TablePrefix = $"cap{d:D3}",
        Settings = new Dictionary<string, string?>
        {
            ["Delivery:PollInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning", // the report is the output; warnings go to stderr
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        },
        ConfigureServices = services =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(recorder, HttpPipelinePosition.PerRetry);
            services.AddSingleton(new TableServiceClient(connection, options));
        },
    }));
}
Console.Error.WriteLine($"{departments} department bots started in {total.Elapsed.TotalSeconds:0.0} s");

// History: the commissioner's chat, and the open issues whose J+15 is due on Monday (created, posted, planned 15 days before).
var openIssues = hosts.Select(_ => new List<(string Sector, IssueNumber Number)>()).ToList();
await Task.WhenAll(hosts.Select(async (host, d) =>
{
    await host.PostAsync(TeamsActivities.BotAddedToPersonalChat(host.Connector.ServiceUrl, DemoPeople.Helene));
    for (var i = 0; i < reminders; i++)
    {
        var issue = await host.SeedIssueAsync(i % 2 == 0 ? DemoDepartment.GapCentre : DemoDepartment.BrianconCentre, "incivilites", withThread: true);
        await host.Get<IReminderScheduler>().RescheduleAsync(issue, CancellationToken.None);
        openIssues[d].Add((issue.SectorId, issue.Number));
    }
}));
recorder.Clear();

// 08:00: the weekly digest; 08:30: the reminder sweep.
clock.Advance(ParisTime.At(monday, new TimeOnly(8, 0, 5)) - clock.GetUtcNow());
recorder.Phase = "08:00 digest";
await Task.WhenAll(hosts.Select(h => h.Get<WeeklyDigest>().SweepAsync(CancellationToken.None)));
await Task.Delay(TimeSpan.FromSeconds(3)); // the dispatcher posts them
clock.Advance(ParisTime.At(monday, new TimeOnly(8, 30)) - clock.GetUtcNow());
recorder.Phase = "08:30 reminders";
var swept = await Task.WhenAll(hosts.Select(h => h.Get<ReminderWorker>().RunOnceAsync(CancellationToken.None)));
await Task.Delay(TimeSpan.FromSeconds(3));

// 09:00–17:00: the day's traffic, the departments in parallel, each its operations in turn.
clock.Advance(ParisTime.At(monday, new TimeOnly(9, 0)) - clock.GetUtcNow());
recorder.Phase = "day";
var random = new Random(23);
var plans = hosts.Select(h => Shuffle(Enumerable.Repeat("report", reports).Concat(Enumerable.Repeat("change", changes))
    .Concat(Enumerable.Repeat("status", statusRequests)).Concat(Enumerable.Repeat("message", messages)), random)).ToList();
var step = TimeSpan.FromHours(8) / Math.Max(1, plans[0].Count);
var day = Stopwatch.StartNew();
await Task.WhenAll(hosts.Select((host, d) => RunDayAsync(host, plans[d], d)));
day.Stop();
await Task.Delay(TimeSpan.FromSeconds(3));

var posts = hosts.Sum(h => h.Connector.Posts.Count);
foreach (var host in hosts)
{
    await host.DisposeAsync();
}
recorder.Report(departments, scale, swept.Sum(s => s.Enqueued.Count), posts, day.Elapsed);
return 0;

async Task RunDayAsync(BotTestHost host, List<string> plan, int department)
{
    var partner = host.As(DemoPeople.Partner);
    var open = openIssues[department];
    for (var i = 0; i < plan.Count; i++)
    {
        switch (plan[i])
        {
            case "report":
                var danger = CardClient.CardOf(await partner.InvokeAsync("signaler", []));
                var place = await partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
                var facts = await partner.ClickAsync(place, "signaler-lieu", ReportForm.Place);
                var summary = await partner.ClickAsync(facts, "signaler-faits", ReportForm.Facts(host.Today));
                var confirmation = await partner.ClickAsync(summary, "signaler-envoyer");
                var number = IssueNumber.Parse(confirmation["body"]![0]!["text"]!.GetValue<string>().Split(' ')[1]);
                open.Add((DemoDepartment.GapCentre, number));
                break;
            case "change":
                // A referent's action as the card applies it (the issue, its event, its next reminder); its card refresh is not replayed.
                var (sector, target) = open[(i + department) % open.Count];
                var now = host.Now;
                var change = await host.Issues.ApplyAsync(sector, target, x => x.Status == IssueStatus.New
                    ? x.Acknowledge(DemoPeople.Julien, now)
                    : x.EngageResponse(DemoPeople.Julien, now, "Patrouille ciblée"), CancellationToken.None);
                await host.Get<IReminderScheduler>().RescheduleAsync(change!.Value.Issue, CancellationToken.None);
                break;
            case "status":
                await host.SayInPersonalChatAsync(i % 3 == 0 ? "en retard" : i % 3 == 1 ? "point" : "point Gap", DemoPeople.Helene);
                break;
            default:
                await host.SayInPersonalChatAsync("aide", DemoPeople.Partner);
                break;
        }
        clock.Advance(step / Math.Max(1, hosts.Count));
    }
}

static List<string> Shuffle(IEnumerable<string> items, Random random) => [.. items.OrderBy(_ => random.Next())];

/// <summary>Records every table request with its wall time, phase, table (without the department's prefix) and partition key.</summary>
internal sealed partial class PartitionRecorder : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<(long Ms, string Phase, string Department, string Table, string Partition)> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public string Phase { get; set; } = "setup";

    public void Clear() => _requests.Clear();

    public override void OnSendingRequest(HttpMessage message)
    {
        var path = Uri.UnescapeDataString(message.Request.Uri.ToUri().PathAndQuery);
        var text = path;
        if (message.Request.Content is { } content && (path.Contains("$batch", StringComparison.Ordinal) || message.Request.Method == RequestMethod.Post))
        {
            using var body = new MemoryStream();
            content.WriteTo(body, CancellationToken.None);
            text = Uri.UnescapeDataString(Encoding.UTF8.GetString(body.ToArray())) + " " + path;
        }
        var table = TableName().Match(text) is { Success: true } t ? t.Groups["table"].Value : "?";
        var department = PrefixOf().Match(table) is { Success: true } p ? p.Value : "";
        var partition = Key().Match(text) is { Success: true } k ? k.Groups["pk"].Value
            : Filter().Match(text) is { Success: true } f ? f.Groups["pk"].Value + (f.Groups["op"].Value == "eq" ? "" : "…")
            : "(scan)";
        _requests.Enqueue((_clock.ElapsedMilliseconds, Phase, department, table[department.Length..], partition));
    }

    public void Report(int departments, double scale, int reminders, int posts, TimeSpan dayWall)
    {
        var all = _requests.ToList();
        var out_ = Console.Out;
        out_.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Replay: {departments} departments × one Monday at {scale:0.##} × the national average per department; "
            + $"{reminders} reminders enqueued at 08:30, {posts} posts to the connector stand-in; the day's traffic took {dayWall.TotalSeconds:0.0} s of wall time."));
        out_.WriteLine();
        out_.WriteLine("| phase | table requests | account peak (requests in one wall-clock second) | of the 20,000/s account target |");
        out_.WriteLine("|---|---:|---:|---:|");
        foreach (var phase in all.GroupBy(r => r.Phase))
        {
            out_.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {phase.Key} | {phase.Count()} | {phase.GroupBy(r => r.Ms / 1000).Max(s => s.Count())} | {phase.GroupBy(r => r.Ms / 1000).Max(s => s.Count()) / 20000.0:0.0%} |"));
        }
        out_.WriteLine();
        out_.WriteLine("| table | partition (per department) | requests in the day | peak / s (wall) | of the 2,000/s partition target | busiest phase |");
        out_.WriteLine("|---|---|---:|---:|---:|---|");
        var partitions = all.GroupBy(r => (r.Department, r.Table, r.Partition))
            .Select(g => (g.Key, Count: g.Count(), Peak: g.GroupBy(r => r.Ms / 1000).Max(s => s.Count()),
                Phase: g.GroupBy(r => r.Phase).MaxBy(p => p.Count())!.Key))
            .OrderByDescending(p => p.Count).ToList();
        foreach (var p in partitions.Take(15))
        {
            out_.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {p.Key.Table} | {p.Key.Partition} ({p.Key.Department}) | {p.Count} | {p.Peak} | {p.Peak / 2000.0:0.0%} | {p.Phase} |"));
        }
        var busiest = partitions[0];
        var byPeak = partitions.MaxBy(p => p.Peak);
        out_.WriteLine();
        out_.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Busiest partition over the day: {busiest.Key.Table} / {busiest.Key.Partition} ({busiest.Key.Department}), {busiest.Count} requests. "
            + $"Highest rate: {byPeak.Key.Table} / {byPeak.Key.Partition} ({byPeak.Key.Department}), {byPeak.Peak} requests in one second (target 2,000 entities/s per partition). "
            + $"Account: {all.Count} requests, at most {all.GroupBy(r => r.Ms / 1000).Max(s => s.Count())} in one second (target 20,000/s)."));
    }

    [GeneratedRegex(@"/devstoreaccount1/(?<table>[A-Za-z][A-Za-z0-9]+?)(\(|\?|\s|$)")]
    private static partial Regex TableName();

    [GeneratedRegex(@"^cap\d{3}")]
    private static partial Regex PrefixOf();

    [GeneratedRegex(@"PartitionKey(='|"":"")(?<pk>[^'""]*)")]
    private static partial Regex Key();

    [GeneratedRegex(@"PartitionKey (?<op>eq|ge|gt) '(?<pk>[^']*)'")]
    private static partial Regex Filter();
}
