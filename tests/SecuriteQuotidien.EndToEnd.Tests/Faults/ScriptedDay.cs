using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.EndToEnd.Tests.Faults;

/// <summary>
/// One scripted day of activity against the real bot process, over its own tables, posting to its
/// own connector stand-in: installs, partner reports, referent actions, text messages, and six old
/// issues (seeded through the product's repositories on a clock 20 days back) whose J+15 reminders
/// fall due during the day. <see cref="KillAt"/> decides, before each step, whether the process is
/// killed (SIGKILL) while the step runs; it is then restarted and the step re-sent as Teams would.
/// </summary>
internal sealed partial class ScriptedDay : IAsyncDisposable
{
    public const int Reports = 6;
    public const int OldIssues = 6;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] OldIssueSectors =
        ["gap-hyper-centre", "gap-zones-economiques", "gap-forte-densite", "briancon-hyper-centre", "briancon-zones-economiques", "briancon-forte-densite"];

    private readonly string _tables;
    private readonly ServiceProvider _product;
    private readonly HttpClient _http = new() { Timeout = RequestTimeout };
    private readonly Dictionary<int, IssueNumber> _reportNumbers = [];
    private readonly List<string> _messageIds = [];
    private BotProcess _bot = null!;

    private ScriptedDay(string tables, string prefix, ConnectorStandIn connector, ServiceProvider product)
    {
        _tables = tables;
        Prefix = prefix;
        Connector = connector;
        _product = product;
    }

    public string Prefix { get; }
    public ConnectorStandIn Connector { get; }

    /// <summary>Kills that landed, by step name.</summary>
    public List<string> Kills { get; } = [];

    /// <summary>Steps whose request got no answer and were sent again after the restart.</summary>
    public int Resent { get; private set; }

    /// <summary>Given a step's index, the delay after which the process is killed while the step runs (null: no kill).</summary>
    public Func<int, TimeSpan?> KillAt { get; init; } = _ => null;

    public string BotOutput => _bot.Output;

    public static async Task<ScriptedDay> StartAsync(string tables, Func<int, TimeSpan?>? killAt = null)
    {
        var prefix = "k" + Guid.NewGuid().ToString("N")[..12];
        var connector = await ConnectorStandIn.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tables"] = tables,
            ["Storage:TablePrefix"] = prefix,
            ["Directory:Path"] = RepoPaths.Combine("departments", "hautes-alpes.json"),
        }).Build();
        // The product's repositories in the test process, on a clock 20 days back: the seeded issues'
        // J+15 reminders are due today (within the sweep's catch-up days).
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new PastClock(TimeSpan.FromDays(20)));
        services.AddTableStorage(configuration);
        services.AddDepartmentDirectory(configuration);
        services.AddReminders(configuration);
        var day = new ScriptedDay(tables, prefix, connector, services.BuildServiceProvider()) { KillAt = killAt ?? (_ => null) };
        await day._product.GetRequiredService<StorageTables>().CreateAllAsync(CancellationToken.None);
        day._bot = await BotProcess.StartAsync(tables, prefix, settings: new Dictionary<string, string?>
        {
            // The day is about the reminder loop surviving kills, among the rest.
            ["Reminders:Enabled"] = "true",
            ["Reminders:SweepInterval"] = "00:00:01",
            ["Delivery:PollInterval"] = "00:00:00.200",
            // A claim of a killed process expires soon, so its messages are sent again within the test.
            ["Delivery:ClaimDuration"] = "00:00:06",
            ["Delivery:SettleMargin"] = "00:00:02",
            // In production the default is Teams' own connector: a channel whose install activity was acknowledged
            // and then lost with a killed process is still reached. Here Teams' connector is the stand-in.
            ["Delivery:DefaultServiceUrl"] = connector.ServiceUrl,
            // A message acknowledged (202) by a killed process is taken over by the restarted one after its grace:
            // seconds here instead of the production minute, so it is answered within the test.
            ["BotFramework:Endpoint:RecoveryGrace"] = "00:00:02",
            ["BotFramework:Endpoint:RecoveryInterval"] = "00:00:00.500",
        });
        return day;
    }

    /// <summary>The day, step by step.</summary>
    public async Task RunAsync()
    {
        var url = Connector.ServiceUrl;
        var steps = new List<(string Name, Func<Task<bool>> Run)>
        {
            ("install in team", () => ActivityAsync(TeamsActivities.BotAddedToTeam(url, Id("team")))),
            ("install personally", () => ActivityAsync(TeamsActivities.BotAddedToPersonalChat(url, DemoPeople.Partner, Id("personal")))),
        };
        for (var i = 1; i <= Reports; i++)
        {
            var report = i;
            steps.Add(($"report {report}", () => ReportAsync(report)));
            if (report == 2)
            {
                steps.Add(("old issues fall due", SeedOldIssuesAsync));
            }
            if (report % 2 == 0)
            {
                steps.Add(($"referent takes report {report - 1} in charge", () => AcknowledgeAsync(report - 1)));
            }
            steps.Add(($"partner message {report}", () => MessageAsync(report)));
        }

        for (var index = 0; index < steps.Count; index++)
        {
            var (name, run) = steps[index];
            var running = run();
            if (KillAt(index) is { } delay)
            {
                await Task.WhenAny(running, Task.Delay(delay));
                await _bot.KillAsync();
                Kills.Add(name);
                var answered = await AnsweredAsync(running);
                await _bot.StartAgainAsync();
                if (!answered)
                {
                    Resent++;
                    await AgainAsync(name, run);
                }
            }
            else if (!await AnsweredAsync(running))
            {
                await AgainAsync(name, run);
            }
        }
    }

    /// <summary>No answer (or "réessayez"): Teams redelivers an activity, the user clicks again; a few times at most.</summary>
    private static async Task AgainAsync(string name, Func<Task<bool>> run)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await AnsweredAsync(run()))
            {
                return;
            }
        }
        throw new InvalidOperationException($"Step '{name}' got no answer after three more tries.");
    }

    private static async Task<bool> AnsweredAsync(Task<bool> running)
    {
        try
        {
            return await running;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private string Id(string what) => $"{Prefix}-{what}";

    /// <summary>A message, install...: true when answered 2xx (then Teams does not redeliver it).</summary>
    private async Task<bool> ActivityAsync(JsonObject activity)
    {
        using var response = await PostAsync(activity);
        return response.IsSuccessStatusCode;
    }

    private async Task<bool> MessageAsync(int index)
    {
        var id = Id($"message-{index}");
        if (!_messageIds.Contains(id))
        {
            _messageIds.Add(id);
        }
        return await ActivityAsync(TeamsActivities.Personal(Connector.ServiceUrl, text: "aide", id: id));
    }

    /// <summary>The form's final "Envoyer"; a new click (new activity id) each time, same draft.</summary>
    private async Task<bool> ReportAsync(int index)
    {
        var draft = new Guid(index, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]).ToString();
        var data = ReportForm.FinalSubmit(draft, ParisTime.DateOf(TestClock.Default().GetUtcNow()), $"Journée scriptée {ReportMarker(index)} : un groupe occupe le hall chaque soir.");
        var answer = await InvokeAsync(DemoPeople.Partner, "signaler-envoyer", data);
        var title = answer?["value"]?["body"]?[0]?["text"]?.GetValue<string>() ?? "";
        if (ConfirmationTitle().Match(title) is not { Success: true } match)
        {
            // No answer, or "Réessayez" on a loaded machine: the partner clicks again.
            return answer is null || answer["type"]?.GetValue<string>() == "application/vnd.microsoft.error"
                ? false
                : throw new InvalidOperationException($"Report {index} was not confirmed: {answer.ToJsonString()}");
        }
        _reportNumbers[index] = IssueNumber.Parse(match.Groups[1].Value);
        return true;
    }

    private readonly Dictionary<IssueNumber, JsonObject> _cardData = [];

    /// <summary>
    /// "Prendre en charge" on the issue's card in the channel, as it was when the referent saw it
    /// (same data when clicked again): the referent acts once the card is posted (the thread attached).
    /// </summary>
    private async Task<bool> AcknowledgeAsync(int report)
    {
        var number = _reportNumbers[report];
        if (!_cardData.TryGetValue(number, out var data))
        {
            var issues = _product.GetRequiredService<IIssueRepository>();
            var deadline = DateTime.UtcNow + RequestTimeout;
            var issue = (await issues.GetAsync("gap-hyper-centre", number, CancellationToken.None))!.Issue;
            while (issue.Thread is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                issue = (await issues.GetAsync("gap-hyper-centre", number, CancellationToken.None))!.Issue;
            }
            if (issue.Thread is null)
            {
                // The card is not posted yet (the process was killed before its post): nothing to click.
                return false;
            }
            data = _cardData[number] = IssueRef.Of(issue).ToData();
        }
        // An error answer ("réessayez", a loaded machine's timeout) is no answer: the referent clicks again.
        var answer = await InvokeAsync(DemoPeople.GapReferent, ActionIds.Issue.Acknowledge, (JsonObject)data.DeepClone());
        return answer is not null && answer["type"]?.GetValue<string>() != "application/vnd.microsoft.error";
    }

    private async Task<JsonObject?> InvokeAsync(string objectId, string verb, JsonObject data)
    {
        using var response = await PostAsync(TeamsActivities.CardAction(Connector.ServiceUrl, verb, data, objectId, Guid.NewGuid().ToString("N")));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private Task<HttpResponseMessage> PostAsync(JsonObject activity) =>
        _http.PostAsync(new Uri(_bot.MessagesEndpoint), new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>Six issues of 20 days ago, one per sector, each in its own thread: their J+15 reminder is due.</summary>
    private async Task<bool> SeedOldIssuesAsync()
    {
        var issues = _product.GetRequiredService<IIssueRepository>();
        var directory = _product.GetRequiredService<IDirectory>();
        var scheduler = _product.GetRequiredService<IReminderScheduler>();
        var past = _product.GetRequiredService<TimeProvider>();
        for (var j = 1; j <= OldIssues; j++)
        {
            var sector = directory.FindSector(OldIssueSectors[j - 1])!;
            var draft = new IssueDraft
            {
                SectorId = sector.Id,
                CategoryId = "incivilites",
                Reporter = new IssueReporter(DemoPeople.Partner, "residence-les-cedres"),
                Site = IssueSite.Address($"{j} rue des Anciens, {sector.Name}"),
                LastOccurrence = ParisTime.DateOf(past.GetUtcNow()).AddDays(-1),
                TimeOfDay = TimeOfDay.Evening,
                Frequency = IssueFrequency.Daily,
                Description = $"Signalement ancien {OldMarker(j)} : regroupement bruyant chaque soir.",
            };
            var created = (await issues.CreateAsync(draft, $"old-{j}", CancellationToken.None)).Stored.Issue;
            var root = $"88{j}";
            var thread = new ChannelThread($"{sector.ChannelId};messageid={root}", root);
            var withThread = (await issues.ApplyAsync(sector.Id, created.Number, i => i.AttachThread(thread, "bot", past.GetUtcNow()), CancellationToken.None))!.Value.Issue;
            await scheduler.RescheduleAsync(withThread, CancellationToken.None);
        }
        return true;
    }

    public static string ReportMarker(int index) => $"[rapport {index}]";

    public static string OldMarker(int index) => $"[ancien {index}]";

    /// <summary>
    /// Waits (bounded) until the day's effects are all out: every root card and reminder posted,
    /// and no outbox message pending for 2 s. Messages still unanswered hold the wait for
    /// <see cref="MessageRecoveryWait"/> at most (a message acknowledged by a killed process is
    /// answered after its recovery grace); past that they count as lost.
    /// </summary>
    public async Task SettleAsync(TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        var deadline = started + timeout;
        var quietSince = DateTime.UtcNow;
        var lastCount = -1;
        while (DateTime.UtcNow < deadline)
        {
            var posts = Connector.Requests.Count;
            var pending = (await OutboxAsync()).Values.Count(state => state == "Pending");
            var reminders = Connector.Posts.Count(p => p.Path.Contains("messageid%3D88", StringComparison.Ordinal));
            var roots = Connector.Requests.Count(p => p.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
            var unanswered = DateTime.UtcNow - started < MessageRecoveryWait && UnansweredMessages() > 0;
            if (posts != lastCount || pending > 0 || reminders < OldIssues || roots < Reports || unanswered)
            {
                lastCount = posts;
                quietSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - quietSince > TimeSpan.FromSeconds(2))
            {
                return;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The day did not settle within {timeout}.");
    }

    /// <summary>Outbox message key → state, read from the outbox table.</summary>
    private async Task<Dictionary<string, string>> OutboxAsync()
    {
        var outbox = new StorageTables(new TableServiceClient(_tables), Prefix).Outbox;
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in outbox.QueryAsync<TableEntity>(select: ["Key", "State"]))
        {
            if (row.GetString("Key") is { } key && row.GetString("State") is { } state)
            {
                states[key] = state;
            }
        }
        return states;
    }

    /// <summary>What the day left, with issue numbers replaced by the issue's place in the script (numbers may differ between runs).</summary>
    public async Task<DaySnapshot> SnapshotAsync()
    {
        var issues = _product.GetRequiredService<IIssueRepository>();
        var events = _product.GetRequiredService<IIssueEventRepository>();
        var index = _product.GetRequiredService<IDueDayIndex>();
        var all = new List<Issue>();
        foreach (var sector in OldIssueSectors)
        {
            all.AddRange(await issues.ListBySectorAsync(sector, CancellationToken.None));
        }
        var names = all.ToDictionary(i => i.Number.ToString(), i => Marker().Match(i.Description).Value);
        string Normalize(string text) => IssueNumberPattern().Replace(text, m => names.GetValueOrDefault(m.Value, "[inconnu]"));

        var snapshot = new DaySnapshot();
        foreach (var issue in all)
        {
            var name = names[issue.Number.ToString()];
            snapshot.Issues.Add($"{name} {issue.SectorId} {issue.Status} thread:{issue.Thread is not null}");
            var kinds = (await events.ListAsync(issue.Number, partnerVisibleOnly: false, CancellationToken.None)).Select(e => e.Kind.ToString()).Order();
            snapshot.Events.Add($"{name} {string.Join(",", kinds)}");
        }
        var today = ParisTime.DateOf(TestClock.Default().GetUtcNow());
        foreach (var reminder in await index.ListAsync(Enumerable.Range(-7, 60).Select(d => today.AddDays(d)), CancellationToken.None))
        {
            snapshot.Reminders.Add($"{names.GetValueOrDefault(reminder.Number.ToString(), "[inconnu]")} {reminder.ReminderKey} {reminder.Day:yyyy-MM-dd}");
        }
        foreach (var (key, state) in await OutboxAsync())
        {
            // The day's messages: those of its issues (a periodic feature's own messages depend on timing).
            // Hashes in keys cover run-specific values (issue numbers, versions): compared as "#".
            var normalized = HashPattern().Replace(Normalize(key), "#");
            if (Marker().IsMatch(normalized))
            {
                snapshot.Outbox.Add($"{normalized} {state}");
            }
        }
        // Posts a person sees, without the replies to their own messages (measured apart: a known limit).
        var seen = Connector.Requests.Where(r => r.Method is "POST" or "PUT" && !IsReplyToMessage(r)).ToList();
        snapshot.DistinctPosts = seen.Select(r => (r.Method, r.Path, Body: r.Body?.ToJsonString())).Distinct().Count();
        // A repeated PUT replaces a card with the same card: nobody sees it. A repeated POST is a second message.
        var posts = seen.Where(r => r.Method == "POST").ToList();
        snapshot.DoublePosts = posts.Count - posts.Select(r => (r.Path, Body: r.Body?.ToJsonString())).Distinct().Count();
        snapshot.RepeatedUpdates = seen.Count - snapshot.DistinctPosts - snapshot.DoublePosts;
        snapshot.PostedConversations = posts.Select(r => r.Path).Distinct().Count();
        snapshot.LostMessages = UnansweredMessages();
        snapshot.DoubleReplies = _messageIds.Sum(id => Math.Max(0, Connector.Requests.Count(r => IsReplyTo(r, id)) - 1));
        return snapshot;
    }

    /// <summary>How long <see cref="SettleAsync"/> waits for the replies to the day's text messages.</summary>
    public static readonly TimeSpan MessageRecoveryWait = TimeSpan.FromSeconds(20);

    private int UnansweredMessages() => _messageIds.Count(id => !Connector.Requests.Any(r => IsReplyTo(r, id)));

    private static bool IsReplyTo(ConnectorRequest request, string messageId) =>
        request.Path.EndsWith("/activities/" + Uri.EscapeDataString(messageId), StringComparison.Ordinal);

    private bool IsReplyToMessage(ConnectorRequest request) => _messageIds.Any(id => IsReplyTo(request, id));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        await Connector.DisposeAsync();
        await _product.DisposeAsync();
    }

    [GeneratedRegex(@"Signalement (05-\d{4}-\d{4}) envoyé")]
    private static partial Regex ConfirmationTitle();

    [GeneratedRegex(@"05-\d{4}-\d{4}")]
    private static partial Regex IssueNumberPattern();

    [GeneratedRegex(@"\[(rapport|ancien) \d+\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"\b[0-9a-f]{12,}\b")]
    private static partial Regex HashPattern();

    /// <summary>The test clock (which the bot process also reads), a fixed duration back.</summary>
    private sealed class PastClock(TimeSpan back) : TimeProvider
    {
        private readonly TimeProvider _now = TestClock.Default();

        public override DateTimeOffset GetUtcNow() => _now.GetUtcNow() - back;
    }
}

/// <summary>What a scripted day left in storage and in the channel, comparable between runs.</summary>
internal sealed class DaySnapshot
{
    public List<string> Issues { get; } = [];
    public List<string> Events { get; } = [];
    public List<string> Reminders { get; } = [];
    public List<string> Outbox { get; } = [];
    public int DistinctPosts { get; set; }
    public int DoublePosts { get; set; }

    /// <summary>Card updates sent again with the same body (harmless: the card does not change).</summary>
    public int RepeatedUpdates { get; set; }

    /// <summary>Conversations posted to: the outbox runs one lane per conversation.</summary>
    public int PostedConversations { get; set; }
    public int LostMessages { get; set; }

    /// <summary>Text messages answered more than once (processed again after a kill before their done mark was written).</summary>
    public int DoubleReplies { get; set; }
}
