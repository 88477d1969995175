using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Intake;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;
using SecuriteQuotidien.Testing.Faults;
using Xunit.Abstractions;

namespace SecuriteQuotidien.Bot.Tests.Faults;

/// <summary>
/// The storage becomes unreachable during the final "Envoyer" of a report, at every storage request
/// of the submit in turn, either before the request or after the storage applied it (answer lost),
/// then comes back and the partner clicks "Envoyer" again. The bot runs in process over a TCP relay in
/// front of the real Azurite: pausing the relay gives real refused connections to every part of the
/// bot (the request handling, the outbox dispatcher, the reminder worker). The scenario runs once per
/// class (<see cref="SubmitOutageRun"/>); each test checks one promise on what it recorded.
/// </summary>
public sealed class StorageOutageDuringSubmitTests(SubmitOutageRun run, ITestOutputHelper output) : IClassFixture<SubmitOutageRun>
{
    private void PrintCases()
    {
        output.WriteLine($"A submit makes {run.SubmitRequests.Count} storage requests: {string.Join(", ", run.SubmitRequests)}");
        foreach (var c in run.Cases)
        {
            output.WriteLine($"{c.Tag}: first answer {c.FirstAnswer}; before the retry {c.VisibleBeforeRetry} issue(s) listed to the partner"
                + $"{(c.HalfWritten.Count > 0 ? ", half-written: " + string.Join("; ", c.HalfWritten) : "")}; confirmed {c.Number}");
        }
    }

    [Fact]
    public void Every_click_during_the_outage_is_answered_with_the_confirmation_or_a_french_retry_message_keeping_the_form()
    {
        PrintCases();
        Assert.All(run.Cases, c => Assert.True(c.Problem is null, $"{c.Tag}: {c.Problem}"));
        Assert.Contains(run.Cases, c => c.FirstAnswer != "confirmed");
    }

    [Fact]
    public void Nothing_half_written_is_visible_to_the_partner_between_the_outage_and_the_retry()
    {
        PrintCases();
        Assert.All(run.Cases, c => Assert.Empty(c.HalfWritten));
    }

    [Fact]
    public async Task After_the_retry_each_report_is_one_issue_with_one_creation_event_one_channel_post_and_one_reminder()
    {
        PrintCases();
        var mine = await run.Issues.ListByReporterAsync(DemoPeople.Partner, 200, CancellationToken.None);
        var today = run.Today;
        var planned = await run.Index.ListAsync(Enumerable.Range(0, 62).Select(d => today.AddDays(d)), CancellationToken.None);
        foreach (var c in run.Cases)
        {
            var issue = Assert.Single(mine, i => i.Description.Contains(SubmitOutageRun.Marker(c.Tag), StringComparison.Ordinal));
            Assert.Equal(c.Number, issue.Number);
            Assert.Single(await run.Events.ListAsync(c.Number, partnerVisibleOnly: false, CancellationToken.None), e => e.Kind == IssueEventKind.Created);
            Assert.Single(planned, r => r.Number == c.Number);
            Assert.Single(run.RootPostsOf(c.Number));
        }
    }

    [Fact]
    public void The_outbox_dispatcher_and_the_reminder_worker_resume_by_themselves()
    {
        // Every root card was posted after the storage came back, and the worker swept again.
        Assert.All(run.Cases, c => Assert.NotEmpty(run.RootPostsOf(c.Number)));
        Assert.True(run.SweepsAfterOutages >= 2, $"the reminder worker swept {run.SweepsAfterOutages} time(s) after the outages");
    }
}

/// <summary>Runs the outage scenario once and records what the partner saw and what was stored.</summary>
public sealed partial class SubmitOutageRun : IAsyncLifetime
{
    private const string SendVerb = "signaler-envoyer";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly AzuriteFixture _azurite = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private ConnectorStandIn _connector = null!;

    public sealed record Case(string Tag, string FirstAnswer, string? Problem, IssueNumber Number, int VisibleBeforeRetry, List<string> HalfWritten);

    public IReadOnlyList<string> SubmitRequests { get; private set; } = [];
    public List<Case> Cases { get; } = [];
    public int SweepsAfterOutages { get; private set; }
    public IIssueRepository Issues { get; private set; } = null!;
    public IIssueEventRepository Events { get; private set; } = null!;
    public IDueDayIndex Index { get; private set; } = null!;
    public DateOnly Today { get; private set; }

    public static string Marker(string tag) => $"[cas {tag}]";

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _connector = await ConnectorStandIn.StartAsync();
        _owned.Add(_connector);
        var (relay, throughRelay) = TcpRelay.InFrontOfTables(_azurite.ConnectionString);
        _owned.Add(relay);
        var outage = new StorageOutage(relay);
        var clientOptions = new TableClientOptions();
        // The SDK's own retries, shortened: the outage outlasts them either way.
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(50);
        clientOptions.Retry.MaxRetries = 3;
        clientOptions.AddPolicy(outage, Azure.Core.HttpPipelinePosition.PerRetry);
        var bot = await BotTestHost.StartAsync(throughRelay, new BotTestHostOptions
        {
            Connector = _connector,
            Install = false,
            Workers = BotWorkers.Reminders,
            Settings = new Dictionary<string, string?>
            {
                ["Delivery:RetryBaseDelay"] = "00:00:00.200",
                ["Delivery:StorageRetryMaxDelay"] = "00:00:01",
                // A claim written just as the storage went away (its answer lost) holds its message this
                // long (2 min in production): scaled down so the test sees the message sent after it.
                ["Delivery:ClaimDuration"] = "00:00:05",
                ["Delivery:SettleMargin"] = "00:00:02",
                ["Reminders:SweepInterval"] = "00:00:01",
            },
            ConfigureServices = services =>
            {
                services.AddSingleton(new TableServiceClient(throughRelay, clientOptions));
                // The watched flow (the test's click) continues into the server's handling of it.
                services.Configure<TestServerOptions>(o => o.PreserveExecutionContext = true);
            },
        });
        _owned.Add(bot);
        var http = bot.Http;
        var partner = bot.As(DemoPeople.Partner);
        await PostAsync(http, TeamsActivities.BotAddedToTeam(_connector.ServiceUrl));
        await _connector.WaitForPostsAsync(1, BotTestHost.DefaultWait);
        Issues = bot.Issues;
        Events = bot.Events;
        Index = bot.Get<IDueDayIndex>();
        Today = bot.Today;
        var outbox = bot.Outbox;
        var worker = bot.Get<ReminderWorker>();

        // A submit without outage: how many storage requests it makes.
        var calibration = await SummaryAsync(partner, "calibration");
        using (var counted = outage.Watch())
        {
            await ClickSendAsync(http, calibration);
            SubmitRequests = counted.Requests;
        }
        if (SubmitRequests.Count is < 2 or > 40)
        {
            throw new InvalidOperationException($"A submit made {SubmitRequests.Count} storage requests.");
        }

        foreach (var start in new[] { OutageStart.BeforeRequest, OutageStart.AfterStorageApplied })
        {
            for (var cutAt = 1; cutAt <= SubmitRequests.Count; cutAt++)
            {
                var tag = $"{start}-{cutAt}";
                var summary = await SummaryAsync(partner, tag);
                (HttpStatusCode Status, JsonObject? Body) first;
                using (outage.Watch(cutAt, start))
                {
                    first = await ClickSendAsync(http, summary);
                }
                relay.Resume();
                var (kind, problem, number) = Outcome(summary, first);

                // What the partner could see between the outage and the retry.
                var visible = (await Issues.ListByReporterAsync(DemoPeople.Partner, 200, None))
                    .Where(i => i.Description.Contains(Marker(tag), StringComparison.Ordinal)).ToList();
                var halfWritten = new List<string>();
                foreach (var issue in visible)
                {
                    if (!(await Events.ListAsync(issue.Number, partnerVisibleOnly: false, None)).Any(e => e.Kind == IssueEventKind.Created))
                    {
                        halfWritten.Add($"{issue.Number} without its creation event");
                    }
                    if (await outbox.GetAsync(OutboxKeys.Root(issue.Number), None) is null)
                    {
                        halfWritten.Add($"{issue.Number} without its channel post in the outbox");
                    }
                }

                // Unless confirmed, the partner clicks "Envoyer" again on the card they have (the retry card, or the summary Teams kept).
                var retryCard = kind == "retry-card" ? CardClient.CardOf(first.Body!) : summary;
                var confirmed = number ?? NumberOf(await ClickSendAsync(http, retryCard), tag);
                Cases.Add(new Case(tag, kind, problem, confirmed, visible.Count, halfWritten));
            }
        }

        await WaitForRootPostsAsync();
        await Task.Delay(1_000); // a second post of any root card would arrive now
        var sweeps = worker.SweepCount;
        for (var i = 0; i < 100 && worker.SweepCount < sweeps + 2; i++)
        {
            await Task.Delay(100);
        }
        SweepsAfterOutages = worker.SweepCount - sweeps;
    }

    /// <summary>
    /// What the partner sees after the click: the confirmation with the number; or a French "réessayez"
    /// (the summary card again with the same data behind "Envoyer", or an error message with the card
    /// left as it was). An invoke is always answered HTTP 200. Returns the problem, if any, instead of failing.
    /// </summary>
    private static (string Kind, string? Problem, IssueNumber? Number) Outcome(JsonObject summary, (HttpStatusCode Status, JsonObject? Body) answer)
    {
        if (answer.Status != HttpStatusCode.OK || answer.Body is not { } body)
        {
            return ("http-" + (int)answer.Status, $"the invoke was answered HTTP {(int)answer.Status} {answer.Body?.ToJsonString()}", null);
        }
        if (body["type"]?.GetValue<string>() == "application/vnd.microsoft.error")
        {
            var message = body["value"]?["message"]?.GetValue<string>() ?? "";
            return ("retry-error", message.Contains("Réessayez", StringComparison.OrdinalIgnoreCase) ? null : "error without a French retry message: " + message, null);
        }
        var card = CardClient.CardOf(body);
        if (ConfirmationTitle().Match(Title(card)) is { Success: true } confirmed)
        {
            return ("confirmed", null, IssueNumber.Parse(confirmed.Groups[1].Value));
        }
        if (!CardClient.AllText(card).Contains("réessayez", StringComparison.OrdinalIgnoreCase))
        {
            return ("other-card", "neither a confirmation nor a retry message: " + Title(card), null);
        }
        return ("retry-card", SendData(summary).ToJsonString() == SendData(card).ToJsonString() ? null : "the retry card lost the form's values", null);
    }

    private static IssueNumber NumberOf((HttpStatusCode Status, JsonObject? Body) answer, string tag)
    {
        var card = answer.Body is { } body && body["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive" ? CardClient.CardOf(body) : null;
        var match = ConfirmationTitle().Match(card is null ? "" : Title(card));
        return match.Success
            ? IssueNumber.Parse(match.Groups[1].Value)
            : throw new InvalidOperationException($"{tag}: the retry after the outage was not confirmed: HTTP {(int)answer.Status} {answer.Body?.ToJsonString()}");
    }

    private static string Title(JsonObject card) => card["body"]?[0]?["text"]?.GetValue<string>() ?? "";

    private static JsonObject SendData(JsonObject card) =>
        (JsonObject)CardClient.Actions(card).Single(a => a["verb"]?.GetValue<string>() == SendVerb)["data"]!;

    private static async Task<JsonObject> SummaryAsync(CardClient partner, string tag)
    {
        var danger = CardClient.CardOf(await partner.InvokeAsync("signaler", []));
        var place = await partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
        var facts = await partner.ClickAsync(place, "signaler-lieu", ReportForm.Place);
        var typed = ReportForm.Facts(ParisTime.DateOf(TestClock.DefaultStart), $"Panne de stockage {Marker(tag)} : un groupe occupe le hall chaque soir.");
        return await partner.ClickAsync(facts, "signaler-faits", typed);
    }

    /// <summary>Clicks "Envoyer" as Teams does, keeping the HTTP status (a 500 must be seen, not thrown).</summary>
    private async Task<(HttpStatusCode Status, JsonObject? Body)> ClickSendAsync(HttpClient http, JsonObject card)
    {
        var activity = TeamsActivities.CardAction(_connector.ServiceUrl, SendVerb, (JsonObject)SendData(card).DeepClone());
        using var response = await http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : null);
    }

    private static async Task PostAsync(HttpClient http, JsonObject activity) =>
        (await http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    public IEnumerable<ConnectorRequest> RootPostsOf(IssueNumber number) =>
        _connector.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
            && r.Body!.ToJsonString().Contains($"Nouveau signalement {number}", StringComparison.Ordinal));

    // Up to 60 s: a claim written as the storage went away holds its message for the (scaled) claim duration.
    private async Task WaitForRootPostsAsync()
    {
        for (var i = 0; i < 600 && !Cases.All(c => RootPostsOf(c.Number).Any()); i++)
        {
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
        await _azurite.DisposeAsync();
    }

    [GeneratedRegex(@"^Signalement (05-\d{4}-\d{4}) envoyé$")]
    private static partial Regex ConfirmationTitle();
}
