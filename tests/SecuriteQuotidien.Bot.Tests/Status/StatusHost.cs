using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Status;

/// <summary>
/// The bot over Azurite with a fixed clock (Friday 20 November 2026, 10:00 Paris) and a known data set of
/// seven issues written through the repository, then set to known dates.
/// </summary>
public sealed class StatusHost : IAsyncDisposable
{
    public const string CommissionerId = "00000000-0000-4000-8000-000000000031";
    public const string GapReferentId = "00000000-0000-4000-8000-000000000011";
    public const string OtherReporterId = "00000000-0000-4000-8000-000000000002";
    public const string StrangerId = "00000000-0000-4000-8000-000000000099";
    public const string OverdueThreadRoot = "1718000000111";

    public static readonly DateTimeOffset Now = ParisTime.At(new DateOnly(2026, 11, 20), new TimeOnly(10, 0));

    private readonly BotApp _app;
    private readonly WebApplicationFactory<Program> _factory;

    private StatusHost(BotApp app, WebApplicationFactory<Program> factory, ConnectorStandIn connector, FakeTimeProvider time)
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

    /// <summary>The tables' prefix: a second host given it (setting <c>Storage:TablePrefix</c>) sees the same data.</summary>
    public string TablePrefix => _app.TablePrefix;

    public static async Task<StatusHost> StartAsync(AzuriteFixture azurite, DateTimeOffset now, IDictionary<string, string?>? settings = null)
    {
        var connector = await ConnectorStandIn.StartAsync();
        var time = new FakeTimeProvider(now);
        // Channel posts without a stored reference go to the default service URL: the stand-in, never the internet.
        var all = new Dictionary<string, string?>
        {
            ["Digest:Enabled"] = "false",
            ["Delivery:DefaultServiceUrl"] = connector.ServiceUrl,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var app = new BotApp(azurite, all);
        var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        return new StatusHost(app, factory, connector, time);
    }

    public IIssueRepository Issues => Services.GetRequiredService<IIssueRepository>();

    /// <summary>Types <paramref name="text"/> in the personal chat as <paramref name="objectId"/>; returns the bot's reply.</summary>
    public async Task<ConnectorRequest> AskAsync(string text, string objectId = CommissionerId)
    {
        var before = Connector.Posts.Count;
        var activity = TestActivities.Personal(Connector.ServiceUrl, text: text, objectId: objectId);
        (await Http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var posts = await Connector.WaitForPostsAsync(before + 1, TimeSpan.FromSeconds(15));
        Assert.True(posts.Count > before, $"No reply to « {text} »");
        return posts[before];
    }

    /// <summary>
    /// The data set (today Friday 20 November 2026; deadlines set by hand):
    /// 0001 Gap hyper-centre, created 1 Sept, deadline 1 Oct, answered 20 Sept (Camille);
    /// 0002 Gap hyper-centre, created 10 Sept, deadline 10 Oct, answered 12 Oct, closed resolved 30 Oct (Camille);
    /// 0003 Gap hyper-centre, created 15 Sept, deadline 15 Oct, acknowledged, no response, has a thread (Camille);
    /// 0004 Briançon hyper-centre, created 1 Oct, deadline 31 Oct, new;
    /// 0005 Briançon hyper-centre, created 1 Nov, deadline 1 Dec, new;
    /// 0006 Gap zones économiques, created 24 Oct, deadline 23 Nov, acknowledged;
    /// 0007 Briançon forte densité, created 22 Oct, deadline 21 Nov, new.
    /// </summary>
    public async Task SeedAsync()
    {
        var ct = CancellationToken.None;
        static DateTimeOffset At(int month, int day) => ParisTime.At(new DateOnly(2026, month, day), new TimeOnly(9, 0));
        static DateOnly Date(int month, int day) => new(2026, month, day);

        await SeedOneAsync("gap-hyper-centre", TestActivities.PartnerObjectId, i => i with
        {
            CreatedAt = At(9, 1), Deadline = Date(10, 1), Status = IssueStatus.ResponseEngaged, FirstResponseAt = At(9, 20),
        }, ct);
        await SeedOneAsync("gap-hyper-centre", TestActivities.PartnerObjectId, i => i with
        {
            CreatedAt = At(9, 10), Deadline = Date(10, 10), Status = IssueStatus.Closed, Outcome = IssueOutcome.Resolved,
            FirstResponseAt = At(10, 12), ClosedAt = At(10, 30),
        }, ct);
        await SeedOneAsync("gap-hyper-centre", TestActivities.PartnerObjectId, i => i with
        {
            CreatedAt = At(9, 15), Deadline = Date(10, 15), Status = IssueStatus.Acknowledged,
            Thread = new ChannelThread($"{TestActivities.ChannelId};messageid={OverdueThreadRoot}", OverdueThreadRoot),
        }, ct);
        await SeedOneAsync("briancon-hyper-centre", OtherReporterId, i => i with { CreatedAt = At(10, 1), Deadline = Date(10, 31) }, ct);
        await SeedOneAsync("briancon-hyper-centre", OtherReporterId, i => i with { CreatedAt = At(11, 1), Deadline = Date(12, 1) }, ct);
        await SeedOneAsync("gap-zones-economiques", OtherReporterId, i => i with
        {
            CreatedAt = At(10, 24), Deadline = Date(11, 23), Status = IssueStatus.Acknowledged,
        }, ct);
        await SeedOneAsync("briancon-forte-densite", OtherReporterId, i => i with { CreatedAt = At(10, 22), Deadline = Date(11, 21) }, ct);
    }

    private async Task SeedOneAsync(string sectorId, string reporter, Func<Issue, Issue> shape, CancellationToken ct)
    {
        var draft = new IssueDraft
        {
            SectorId = sectorId,
            CategoryId = "incivilites",
            Reporter = new IssueReporter(reporter, "residence-les-cedres"),
            Site = IssueSite.Address("1 rue de la Paix"),
            LastOccurrence = new DateOnly(2026, 9, 1),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Weekly,
            Description = "Dégradations répétées près de l'entrée.",
        };
        var created = await Issues.CreateAsync(draft, Guid.NewGuid().ToString("N"), ct);
        await Issues.UpdateAsync(shape(created.Stored.Issue), created.Stored.ETag, ct);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
