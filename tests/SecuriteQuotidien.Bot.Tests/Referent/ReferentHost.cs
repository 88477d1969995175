using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Referent;

/// <summary>
/// The bot over Azurite with the connector stand-in, installed in the demo team and in the partner's
/// personal chat (so channel posts and the partner's messages can be delivered), and people of the
/// directory as Teams clients.
/// </summary>
public sealed class ReferentHost : IAsyncDisposable
{
    public const string SectorReferent = "00000000-0000-4000-8000-000000000011";
    public const string Deputy = "00000000-0000-4000-8000-000000000012";
    public const string Commissioner = "00000000-0000-4000-8000-000000000031";
    public const string Administrator = "00000000-0000-4000-8000-000000000041";
    public const string OtherSectorReferent = "00000000-0000-4000-8000-000000000024";
    public const string Unknown = "00000000-0000-4000-8000-000000000099";
    public const string Sector = "gap-hyper-centre";
    public const string PauseReasonMaxLength = "40";

    private int _nextRoot = 900;

    private ReferentHost(ConnectorStandIn connector, BotApp bot, HttpClient http)
    {
        Connector = connector;
        Bot = bot;
        Http = http;
    }

    public ConnectorStandIn Connector { get; }
    public BotApp Bot { get; }
    public HttpClient Http { get; }
    public IIssueRepository Issues => Bot.Services.GetRequiredService<IIssueRepository>();
    public IIssueEventRepository Events => Bot.Services.GetRequiredService<IIssueEventRepository>();
    public IOutbox Outbox => Bot.Services.GetRequiredService<IOutbox>();
    public IDirectory Directory => Bot.Services.GetRequiredService<IDirectory>();

    public static async Task<ReferentHost> StartAsync(AzuriteFixture azurite)
    {
        var connector = await ConnectorStandIn.StartAsync();
        var bot = new BotApp(azurite, new Dictionary<string, string?>
        {
            ["Delivery:PollInterval"] = "00:00:00.100",
            ["Referent:PauseReasonMaxLength"] = PauseReasonMaxLength,
        });
        var host = new ReferentHost(connector, bot, bot.CreateClient());
        await host.PostAsync(TestActivities.BotAddedToTeam(connector.ServiceUrl));
        await host.PostAsync(TestActivities.BotAddedToPersonalChat(connector.ServiceUrl));
        await connector.WaitForPostsAsync(2, TimeSpan.FromSeconds(10));
        return host;
    }

    public CardClient As(string objectId) => new(Http, Connector.ServiceUrl, objectId);

    public CardClient Partner => As(TestActivities.PartnerObjectId);

    public async Task PostAsync(JsonObject activity) =>
        (await Http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    /// <summary>A new issue of the partner in Gap hyper-centre, its root card posted as thread "19:...;messageid=9xx".</summary>
    public async Task<Issue> NewIssueAsync()
    {
        var draft = new IssueDraft
        {
            SectorId = Sector,
            CategoryId = "occupation-parties-communes",
            SubCategoryId = "halls",
            Reporter = new IssueReporter(TestActivities.PartnerObjectId, "residence-les-cedres"),
            Site = IssueSite.Known("gap-residence-les-cedres-hall-a"),
            LastOccurrence = ParisTime.DateOf(DateTimeOffset.UtcNow).AddDays(-1),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Weekly,
            Description = "Un groupe occupe le hall chaque soir, bruit et déchets.",
        };
        var created = (await Issues.CreateAsync(draft, Guid.NewGuid().ToString(), CancellationToken.None)).Stored.Issue;
        var root = Interlocked.Increment(ref _nextRoot).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var thread = new ChannelThread($"{TestActivities.ChannelId};messageid={root}", root);
        return (await Issues.ApplyAsync(Sector, created.Number, i => i.AttachThread(thread, "bot", DateTimeOffset.UtcNow), CancellationToken.None))!.Value.Issue;
    }

    public async Task<Issue?> ReadAsync(Issue issue, string? sector = null) =>
        (await Issues.GetAsync(sector ?? issue.SectorId, issue.Number, CancellationToken.None))?.Issue;

    public Task<IReadOnlyList<IssueEvent>> TimelineAsync(Issue issue) =>
        Events.ListAsync(issue.Number, partnerVisibleOnly: false, CancellationToken.None);

    /// <summary>The current root card, as the refresh answers it.</summary>
    public async Task<JsonObject> CardAsync(Issue issue, string? objectId = null) =>
        CardClient.CardOf(await As(objectId ?? SectorReferent).InvokeAsync(ReferentVerbs.Refresh, IssueRef.Of(issue).ToData()));

    /// <summary>Waits (bounded) until the stand-in received a request matching <paramref name="match"/>.</summary>
    public async Task<ConnectorRequest> WaitForRequestAsync(Func<ConnectorRequest, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (Connector.Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The connector stand-in never received {what}.");
    }

    public Task<ConnectorRequest> WaitForCardUpdateAsync(Issue issue, string containing) =>
        WaitForRequestAsync(r => r.Method == "PUT" && r.Path.EndsWith($"/activities/{issue.Thread!.RootActivityId}", StringComparison.Ordinal)
            && r.Body is not null && CardClient.AllText(r.Body).Contains(containing, StringComparison.Ordinal), $"a PUT of {issue.Number}'s card with « {containing} »");

    public Task<ConnectorRequest> WaitForPartnerMessageAsync(string containing) =>
        WaitForRequestAsync(r => r.Method == "POST" && r.Path.Contains("a%3A1personal-camille", StringComparison.Ordinal)
            && r.Body is not null && CardClient.AllText(r.Body).Contains(containing, StringComparison.Ordinal), $"a message to the partner with « {containing} »");

    public IEnumerable<ConnectorRequest> PartnerMessagesContaining(string text) =>
        Connector.Requests.Where(r => r.Method == "POST" && r.Path.Contains("a%3A1personal-camille", StringComparison.Ordinal)
            && r.Body is not null && CardClient.AllText(r.Body).Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
