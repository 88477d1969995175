using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.DevClock;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Outbox;
using Xunit;

using SecuriteQuotidien.Bot.Turns;

namespace SecuriteQuotidien.Testing.Hosting;

/// <summary>The periodic workers a test host runs; by default none (a test sweeps by hand or turns on the one it tests).</summary>
[Flags]
public enum BotWorkers
{
    None = 0,
    Reminders = 1,
    Digest = 2,
    Retention = 4,
    DiagnosticSweep = 8,
    /// <summary>The status totals' background work (building missing totals, recovering lost changes, the daily reconciliation).</summary>
    StatusTotals = 16,
    /// <summary>The pass that finishes interrupted submits (the cleanup of finished submits' markers always runs).</summary>
    IntakeRecovery = 32,
}

/// <summary>What a test needs from its bot host; everything has a default.</summary>
public sealed record BotTestHostOptions
{
    /// <summary>The bot's clock: by default <see cref="TestClock.Default"/>; a <c>FakeTimeProvider</c> for tests that move time.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Let the application choose its clock as in production (for tests of that choice; set <c>DevClock:StartAt</c>).</summary>
    public bool ApplicationClock { get; init; }

    /// <summary>Configuration keys that override the host's defaults ("Referent:PauseReasonMaxLength" → "40").</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public BotWorkers Workers { get; init; } = BotWorkers.None;

    /// <summary>Install the bot in the demo team and in the partner's personal chat before the test (two welcome posts).</summary>
    public bool Install { get; init; } = true;

    /// <summary>Whether the outbox dispatcher runs (off: messages stay queued, a test inspects the outbox).</summary>
    public bool OutboxDispatcher { get; init; } = true;

    /// <summary>Tables of another host: two hosts with one prefix are two instances of the bot sharing a storage account.</summary>
    public string? TablePrefix { get; init; }

    /// <summary>A connector stand-in shared with another host (not disposed by this one); by default the host starts its own.</summary>
    public ConnectorStandIn? Connector { get; init; }

    /// <summary>Last word on the services (a fault-injecting decorator, a recorder...).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The hosting environment (Development: the local anonymous mode, no token needed).</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Settings the application reads while it registers its services (host settings, before app configuration).</summary>
    public IReadOnlyDictionary<string, string?> HostSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Serve on Kestrel over a loopback socket instead of the in-memory test server (chunked or oversized bodies).</summary>
    public bool Kestrel { get; init; }

    /// <summary>
    /// The remote address of the in-memory test server's requests (ignored with <see cref="Kestrel"/>, where the
    /// socket's is used). They cross no socket, so ASP.NET Core gives them none, and the bot treats a request without
    /// an address as not local (its local anonymous mode and dev clock serve loopback addresses only). The test is on
    /// this machine like a developer's local run, hence 127.0.0.1 by default; a test of that guard sets another. Set
    /// on the connection by the host (a startup filter), never taken from a header.
    /// </summary>
    public IPAddress RemoteAddress { get; init; } = IPAddress.Loopback;
}

/// <summary>
/// The one way tests start the bot in process: the real application (<c>Program</c>, Development, no app
/// id so requests need no token) over a real Azurite with its own table prefix, replying over real HTTP
/// to a <see cref="ConnectorStandIn"/>, on a clock the test owns, with the periodic workers off unless
/// asked. Area hosts derive from it to add the steps their tests repeat.
/// </summary>
public class BotTestHost : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    private readonly string _tablesConnection;
    private readonly BotTestHostOptions _options;
    private readonly TimeProvider? _time;
    private BotFactory? _factory;
    private bool _ownsConnector;
    private bool _crashed;

    protected BotTestHost(string tablesConnection, BotTestHostOptions? options)
    {
        _tablesConnection = tablesConnection;
        _options = options ?? new BotTestHostOptions();
        TablePrefix = _options.TablePrefix ?? NewTablePrefix();
        _time = _options.ApplicationClock ? null : _options.Time ?? TestClock.Default();
    }

    public static async Task<BotTestHost> StartAsync(AzuriteFixture azurite, BotTestHostOptions? options = null)
    {
        var host = new BotTestHost(azurite.ConnectionString, options);
        await host.StartHostAsync();
        return host;
    }

    public static async Task<BotTestHost> StartAsync(string tablesConnection, BotTestHostOptions? options = null)
    {
        var host = new BotTestHost(tablesConnection, options);
        await host.StartHostAsync();
        return host;
    }

    public static string NewTablePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public string TablePrefix { get; }
    public TimeProvider Time => _time ?? Get<TimeProvider>();
    public ConnectorStandIn Connector { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;

    public DateTimeOffset Now => Time.GetUtcNow();
    public DateOnly Today => ParisTime.DateOf(Now);

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
    public IIssueRepository Issues => Get<IIssueRepository>();
    public IIssueEventRepository Events => Get<IIssueEventRepository>();
    public IOutbox Outbox => Get<IOutbox>();
    public IDirectory Directory => Get<IDirectory>();

    /// <summary>Builds the application and, unless told otherwise, installs the bot in the demo team and the partner's chat.</summary>
    protected async Task StartHostAsync()
    {
        _ownsConnector = _options.Connector is null;
        Connector = _options.Connector ?? await ConnectorStandIn.StartAsync();
        _factory = new BotFactory(_options.Environment, _options.HostSettings, SettingsFor(Connector.ServiceUrl), services =>
        {
            if (_time is not null)
            {
                services.AddSingleton(_time);
            }
            if (_time is DevelopmentClock clock)
            {
                // The dev clock's route moves the very clock the application reads.
                services.AddSingleton(clock);
            }
            if (!_options.Kestrel)
            {
                services.AddSingleton<IStartupFilter>(new InProcessRemoteAddress(_options.RemoteAddress));
            }
            if (!_options.OutboxDispatcher)
            {
                services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher)));
            }
            _options.ConfigureServices?.Invoke(services);
        });
        if (_options.Kestrel)
        {
            _factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            _factory.StartServer();
        }
        Http = _factory.CreateClient();
        if (_options.Install)
        {
            var before = Connector.Posts.Count;
            await PostAsync(TeamsActivities.BotAddedToTeam(Connector.ServiceUrl));
            await PostAsync(TeamsActivities.BotAddedToPersonalChat(Connector.ServiceUrl));
            await Connector.WaitForPostsAsync(before + 2, DefaultWait);
        }
    }

    private Dictionary<string, string?> SettingsFor(string serviceUrl)
    {
        var workers = _options.Workers;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tables"] = _tablesConnection,
            ["Storage:TablePrefix"] = TablePrefix,
            ["Directory:Path"] = DemoDepartment.FilePath,
            ["BotFramework:Endpoint:ReplyRetryDelays:0"] = "00:00:00.200",
            ["BotFramework:Endpoint:ReplyRetryDelays:1"] = "00:00:00.500",
            ["BotFramework:Endpoint:MaxRequestBytes"] = "65536",
            // Generous: a loaded CI machine must not turn a slow answer into an error card (timeouts have their own tests).
            ["BotFramework:Endpoint:InvokeTimeout"] = "00:00:30",
            // One test user clicks far more than a person: the per-user limits have their own tests.
            ["BotFramework:Endpoint:UserMessageLimit"] = "100000",
            ["BotFramework:Endpoint:UserInvokeLimit"] = "100000",
            ["Intake:DailyReportQuota"] = "100000",
            // Proactive posts without a stored reference go to the stand-in, never to the internet.
            ["Delivery:DefaultServiceUrl"] = serviceUrl,
            ["Delivery:PollInterval"] = "00:00:00.100",
            ["Delivery:CheckChannelsAtStart"] = "false",
            ["Reminders:Enabled"] = On(workers, BotWorkers.Reminders),
            ["Digest:Enabled"] = On(workers, BotWorkers.Digest),
            ["Retention:WorkerEnabled"] = On(workers, BotWorkers.Retention),
            ["Diagnostics:SweepEnabled"] = On(workers, BotWorkers.DiagnosticSweep),
            ["Status:TotalsWorkerEnabled"] = On(workers, BotWorkers.StatusTotals),
            ["Intake:RecoveryEnabled"] = On(workers, BotWorkers.IntakeRecovery),
        };
        foreach (var (key, value) in _options.Settings)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static string On(BotWorkers workers, BotWorkers worker) => workers.HasFlag(worker) ? "true" : "false";

    /// <summary>Posts an activity to /api/messages and requires a success status.</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity)
    {
        var response = await SendAsync(activity);
        response.EnsureSuccessStatusCode();
        return response;
    }

    /// <summary>Posts an activity to /api/messages, whatever the answer.</summary>
    public Task<HttpResponseMessage> SendAsync(JsonObject activity) =>
        Http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>A Teams client of the demo person <paramref name="objectId"/>, clicking card buttons in their personal chat.</summary>
    public CardClient As(string objectId) => new(Http, Connector.ServiceUrl, objectId);

    /// <summary>
    /// Posts <paramref name="activity"/> and returns what the bot then posts in the same conversation (its
    /// replies, and messages it sends there), at least <paramref name="replies"/> of them, in order.
    /// </summary>
    public async Task<IReadOnlyList<ConnectorRequest>> SayAsync(JsonObject activity, int replies = 1)
    {
        var conversation = Uri.EscapeDataString(activity["conversation"]!["id"]!.GetValue<string>());
        var before = PostsIn(conversation).Count;
        await PostAsync(activity);
        var deadline = DateTime.UtcNow + DefaultWait;
        List<ConnectorRequest> posts;
        while ((posts = PostsIn(conversation)).Count < before + replies && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        Assert.True(posts.Count >= before + replies, $"{posts.Count - before} of {replies} answers to « {activity["text"]} »");
        return posts[before..];
    }

    private List<ConnectorRequest> PostsIn(string escapedConversationId) =>
        [.. Connector.Requests.Where(r => r.Method == "POST" && r.Path.Contains($"/v3/conversations/{escapedConversationId}/", StringComparison.Ordinal))];

    /// <summary>Types <paramref name="text"/> in <paramref name="objectId"/>'s personal chat; returns the bot's first reply.</summary>
    public async Task<ConnectorRequest> SayInPersonalChatAsync(string text, string objectId = DemoPeople.Partner) =>
        (await SayAsync(TeamsActivities.Personal(Connector.ServiceUrl, text: text, objectId: objectId)))[0];

    /// <summary>
    /// Mentions the bot with <paramref name="text"/> in the Gap hyper-centre channel; returns the bot's first reply, or, when
    /// the bot says it answered in private (a police command typed where partners read), its first message in the caller's
    /// personal chat.
    /// </summary>
    public async Task<ConnectorRequest> SayInChannelAsync(string text, string objectId = DemoPeople.GapReferent)
    {
        var privateBefore = MessagesTo(objectId).Count;
        var reply = (await SayAsync(TeamsActivities.ChannelMention(Connector.ServiceUrl, text, objectId: objectId)))[0];
        if (reply.Text == TurnKernel.PrivateAnswerNeedsPersonalChat)
        {
            // As the bot asks: the person opens a personal chat with it (its welcome comes first), then types again.
            await PostAsync(TeamsActivities.BotAddedToPersonalChat(Connector.ServiceUrl, objectId));
            await WaitForRequestAsync(r => MessagesTo(objectId).Count > privateBefore, "the welcome in the personal chat");
            privateBefore = MessagesTo(objectId).Count;
            reply = (await SayAsync(TeamsActivities.ChannelMention(Connector.ServiceUrl, text, objectId: objectId)))[0];
        }
        if (reply.Text != TurnKernel.AnsweredInPrivate)
        {
            return reply;
        }
        var deadline = DateTime.UtcNow + DefaultWait;
        while (MessagesTo(objectId).Count <= privateBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }
        return MessagesTo(objectId).Skip(privateBefore).FirstOrDefault()
            ?? throw new TimeoutException($"The bot said it answered « {text} » in private, but nothing reached the personal chat.");
    }

    /// <summary>Waits (bounded) until the stand-in received a request matching <paramref name="match"/>.</summary>
    public async Task<ConnectorRequest> WaitForRequestAsync(Func<ConnectorRequest, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (DateTime.UtcNow < deadline)
        {
            if (Connector.Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"The connector stand-in never received {what}.");
    }

    /// <summary>Messages the bot posted in <paramref name="objectId"/>'s personal chat that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<ConnectorRequest> MessagesTo(string objectId, string text = "") =>
        [.. Connector.Requests.Where(r => IsMessageTo(r, objectId, text))];

    public Task<ConnectorRequest> WaitForMessageToAsync(string objectId, string containing) =>
        WaitForRequestAsync(r => IsMessageTo(r, objectId, containing), $"a message to {DemoPeople.Get(objectId).DisplayName} with « {containing} »");

    private static bool IsMessageTo(ConnectorRequest request, string objectId, string text) =>
        request.Method == "POST" && request.Path.Contains(TeamsActivities.EscapedPersonalChatOf(objectId), StringComparison.Ordinal)
        && request.Body is not null && CardClient.AllText(request.Body).Contains(text, StringComparison.Ordinal);

    /// <summary>A PUT of the message <paramref name="activityId"/> whose card contains <paramref name="containing"/>.</summary>
    public Task<ConnectorRequest> WaitForCardUpdateAsync(string activityId, string containing) =>
        WaitForRequestAsync(r => r.Method == "PUT" && r.Path.EndsWith($"/activities/{activityId}", StringComparison.Ordinal)
            && r.Body is not null && CardClient.AllText(r.Body).Contains(containing, StringComparison.Ordinal), $"a PUT of {activityId} with « {containing} »");

    /// <summary>
    /// An issue written through the repository at the host's now, reported by <paramref name="reporter"/> (a demo
    /// partner); <paramref name="shape"/> sets what a test needs (dates, status), <paramref name="withThread"/> gives
    /// it a channel thread as if its root card had been posted.
    /// </summary>
    public async Task<Issue> SeedIssueAsync(string sector = DemoDepartment.GapCentre, string category = "occupation-parties-communes",
        string? subCategory = null, string reporter = DemoPeople.Partner, IssueSite? site = null,
        string description = "Un groupe occupe le hall chaque soir, bruit et déchets.", string? effect = null,
        Func<Issue, Issue>? shape = null, bool withThread = false, DateOnly? lastOccurrence = null)
    {
        var draft = new IssueDraft
        {
            SectorId = sector,
            CategoryId = category,
            SubCategoryId = subCategory,
            Reporter = new IssueReporter(reporter, DemoPeople.Get(reporter).OrganisationId ?? DemoPeople.PartnerOrganisation),
            Site = site ?? IssueSite.Known(DemoDepartment.HallA),
            LastOccurrence = lastOccurrence ?? Today.AddDays(-1),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Weekly,
            Description = description,
            Effect = effect,
        };
        var created = await Issues.CreateAsync(draft, Guid.NewGuid().ToString("N"), CancellationToken.None);
        var issue = created.Stored.Issue;
        if (shape is not null)
        {
            issue = (await Issues.UpdateAsync(shape(issue), created.Stored.ETag, CancellationToken.None)).Issue;
        }
        return withThread ? await AttachThreadAsync(issue) : issue;
    }

    /// <summary>Gives the issue a thread in its sector's channel, as the outbox does once its root card is posted.</summary>
    public async Task<Issue> AttachThreadAsync(Issue issue)
    {
        var channel = Directory.FindSector(issue.SectorId)!.ChannelId;
        // One root per issue number: hosts sharing tables never give two issues the same thread.
        var root = "1" + issue.Number.ToString().Replace("-", "", StringComparison.Ordinal);
        var thread = new ChannelThread($"{channel};messageid={root}", root);
        return (await Issues.ApplyAsync(issue.SectorId, issue.Number, i => i.AttachThread(thread, "bot", Now), CancellationToken.None))!.Value.Issue;
    }

    /// <summary>The stored issue (it must exist, in <paramref name="sector"/> or its own sector).</summary>
    public async Task<Issue> ReadAsync(Issue issue, string? sector = null) =>
        await FindAsync(issue, sector) ?? throw new InvalidOperationException($"{issue.Number} is not stored in {sector ?? issue.SectorId}.");

    /// <summary>The stored issue, or null when it is not (or no longer) in <paramref name="sector"/>.</summary>
    public async Task<Issue?> FindAsync(Issue issue, string? sector = null) =>
        (await Issues.GetAsync(sector ?? issue.SectorId, issue.Number, CancellationToken.None))?.Issue;

    public Task<IReadOnlyList<IssueEvent>> TimelineAsync(Issue issue) =>
        Events.ListAsync(issue.Number, partnerVisibleOnly: false, CancellationToken.None);

    /// <summary>Ends the application without a graceful stop (no lease released, nothing flushed), as a crash would.</summary>
    public void Crash()
    {
        _crashed = true;
        _factory?.Crash();
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_factory is not null && !_crashed)
        {
            await _factory.DisposeAsync();
        }
        if (_ownsConnector && Connector is not null)
        {
            await Connector.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Gives in-process requests, which have no socket, the remote address a test chose (first in the pipeline).</summary>
    private sealed class InProcessRemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                http.Connection.RemoteIpAddress ??= address;
                return following(http);
            });
            next(app);
        };
    }

    /// <summary>The application under test with the test's configuration and services.</summary>
    private sealed class BotFactory(string environment, IReadOnlyDictionary<string, string?> hostSettings, Dictionary<string, string?> settings,
        Action<IServiceCollection> configureServices)
        : WebApplicationFactory<Program>
    {
        private IHost? _host;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            foreach (var (key, value) in hostSettings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
            builder.ConfigureTestServices(configureServices);
        }

        protected override IHost CreateHost(IHostBuilder builder)
        {
            _host = base.CreateHost(builder);
            return _host;
        }

        public void Crash() => _host?.Dispose();
    }
}
