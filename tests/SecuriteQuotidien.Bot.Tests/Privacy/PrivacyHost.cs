using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Privacy;

/// <summary>
/// The bot over Azurite with a fake clock, a pseudonym key and the retention worker off (tests run it by hand),
/// installed in the demo team and in the partner's chat; people of the directory act as Teams clients.
/// </summary>
public sealed class PrivacyHost : IAsyncDisposable
{
    public const string Referent = "00000000-0000-4000-8000-000000000011";
    public const string OtherSectorReferent = "00000000-0000-4000-8000-000000000024";
    public const string Commissioner = "00000000-0000-4000-8000-000000000031";
    public const string Administrator = "00000000-0000-4000-8000-000000000041";
    public const string Partner = TestActivities.PartnerObjectId;
    public const string PseudonymKey = "0123456789abcdef0123456789abcdef-test-only";

    public static readonly DateTimeOffset Start = ParisTime.At(new DateOnly(2026, 3, 2), new TimeOnly(10, 0));

    private readonly BotApp _app;
    private readonly WebApplicationFactory<Program> _factory;
    private int _nextRoot = 700;

    private PrivacyHost(BotApp app, WebApplicationFactory<Program> factory, ConnectorStandIn connector, FakeTimeProvider time)
    {
        _app = app;
        _factory = factory;
        Connector = connector;
        Time = time;
        Http = factory.CreateClient();
    }

    public ConnectorStandIn Connector { get; }
    public FakeTimeProvider Time { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _factory.Services;
    public IIssueRepository Issues => Services.GetRequiredService<IIssueRepository>();
    public IIssueEventRepository Events => Services.GetRequiredService<IIssueEventRepository>();
    public IAuditTrail Audit => Services.GetRequiredService<IAuditTrail>();

    public static async Task<PrivacyHost> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? settings = null)
    {
        var connector = await ConnectorStandIn.StartAsync();
        var time = new FakeTimeProvider(Start);
        var all = new Dictionary<string, string?>
        {
            ["Digest:Enabled"] = "false",
            ["Retention:WorkerEnabled"] = "false",
            ["Retention:PseudonymKey"] = PseudonymKey,
            ["Delivery:DefaultServiceUrl"] = connector.ServiceUrl,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var app = new BotApp(azurite, all);
        var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        var host = new PrivacyHost(app, factory, connector, time);
        await host.PostAsync(TestActivities.BotAddedToTeam(connector.ServiceUrl));
        await host.PostAsync(TestActivities.BotAddedToPersonalChat(connector.ServiceUrl));
        await connector.WaitForPostsAsync(2, TimeSpan.FromSeconds(15));
        return host;
    }

    public CardClient As(string objectId) => new(Http, Connector.ServiceUrl, objectId);

    public async Task PostAsync(JsonObject activity) =>
        (await Http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    /// <summary>Types <paramref name="text"/> in the personal chat; returns the bot's <paramref name="replies"/> replies.</summary>
    public async Task<IReadOnlyList<ConnectorRequest>> AskAsync(string text, string objectId, int replies = 1)
    {
        var before = Connector.Posts.Count;
        await PostAsync(TestActivities.Personal(Connector.ServiceUrl, text: text, objectId: objectId));
        var posts = await Connector.WaitForPostsAsync(before + replies, TimeSpan.FromSeconds(15));
        Assert.True(posts.Count >= before + replies, $"No reply to « {text} »");
        return [.. posts.Skip(before).Take(replies)];
    }

    /// <summary>A new issue of the partner in Gap hyper-centre with a thread, created at the fake clock's instant.</summary>
    public async Task<Issue> NewIssueAsync(string description, string? effect = null)
    {
        var draft = new IssueDraft
        {
            SectorId = "gap-hyper-centre",
            CategoryId = "occupation-parties-communes",
            SubCategoryId = "halls",
            Reporter = new IssueReporter(Partner, "residence-les-cedres"),
            Site = IssueSite.Address("12 rue de France", "hall B"),
            LastOccurrence = ParisTime.DateOf(Time.GetUtcNow()).AddDays(-1),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Weekly,
            Description = description,
            Effect = effect,
        };
        var created = (await Issues.CreateAsync(draft, Guid.NewGuid().ToString(), CancellationToken.None)).Stored.Issue;
        var root = Interlocked.Increment(ref _nextRoot).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var thread = new ChannelThread($"{TestActivities.ChannelId};messageid={root}", root);
        return (await Issues.ApplyAsync(created.SectorId, created.Number, i => i.AttachThread(thread, "bot", Time.GetUtcNow()), CancellationToken.None))!.Value.Issue;
    }

    public async Task<Issue> ReadAsync(Issue issue) => (await Issues.GetAsync(issue.SectorId, issue.Number, CancellationToken.None))!.Issue;

    /// <summary>The referent closes the issue through the card's form ("Résolu").</summary>
    public async Task<Issue> CloseAsync(Issue issue)
    {
        var referent = As(Referent);
        var form = CardClient.CardOf(await referent.InvokeAsync(ReferentVerbs.Close, IssueRef.Of(issue).ToData()));
        await referent.ClickAsync(form, ReferentVerbs.CloseSubmit, new Dictionary<string, string> { [ReferentFields.Outcome] = "resolu" });
        var closed = await ReadAsync(issue);
        Assert.Equal(IssueStatus.Closed, closed.Status);
        return closed;
    }

    /// <summary>The audit events of the fake clock's day.</summary>
    public async Task<IReadOnlyList<AuditEvent>> AuditTodayAsync()
    {
        var today = ParisTime.DateOf(Time.GetUtcNow());
        return (await Audit.ListAsync(today, today, 500, CancellationToken.None)).Events;
    }

    public static IEnumerable<JsonObject> Descendants(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            yield return obj;
            foreach (var (_, child) in obj)
            {
                foreach (var d in Descendants(child))
                {
                    yield return d;
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var d in array.SelectMany(Descendants))
            {
                yield return d;
            }
        }
    }

    public static Dictionary<string, string> Facts(JsonNode card) =>
        Descendants(card)
            .Where(n => n["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray())
            .GroupBy(f => f!["title"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.First()!["value"]!.GetValue<string>());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
