using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>
/// The bot over Azurite with the connector stand-in, installed in the demo team and in Camille Roux's personal chat
/// (Résidence Les Cèdres, partner of Gap hyper-centre). The periodic sweep is off: tests sweep by hand.
/// </summary>
public sealed class DiagnosticHost : IAsyncDisposable
{
    public const string SectorReferent = "00000000-0000-4000-8000-000000000011";
    public const string Deputy = "00000000-0000-4000-8000-000000000012";
    public const string OtherSectorReferent = "00000000-0000-4000-8000-000000000024";
    public const string Camille = TestActivities.PartnerObjectId;
    public const string CamilleOrganisation = "residence-les-cedres";
    /// <summary>Karim Benali, Habitat Alpin, also a partner of Gap hyper-centre.</summary>
    public const string Karim = "00000000-0000-4000-8000-000000000002";
    public const string KarimOrganisation = "habitat-alpin";
    public const string Sector = "gap-hyper-centre";
    public const string HallA = "gap-residence-les-cedres-hall-a";

    private DiagnosticHost(ConnectorStandIn connector, BotApp bot, HttpClient http)
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
    public IDiagnosticRepository Diagnostics => Bot.Services.GetRequiredService<IDiagnosticRepository>();
    public IMeetingRepository Meetings => Bot.Services.GetRequiredService<IMeetingRepository>();
    public IHotspotMarkStore Marks => Bot.Services.GetRequiredService<IHotspotMarkStore>();
    public DiagnosticCardStore CardLocations => Bot.Services.GetRequiredService<DiagnosticCardStore>();
    public DiagnosticSweep Sweep => Bot.Services.GetRequiredService<DiagnosticSweep>();
    public IOutbox Outbox => Bot.Services.GetRequiredService<IOutbox>();
    public IDirectory Directory => Bot.Services.GetRequiredService<IDirectory>();

    public static DateOnly Today => ParisTime.DateOf(DateTimeOffset.UtcNow);

    public static async Task<DiagnosticHost> StartAsync(AzuriteFixture azurite)
    {
        var connector = await ConnectorStandIn.StartAsync();
        var bot = new BotApp(azurite, new Dictionary<string, string?>
        {
            ["Delivery:PollInterval"] = "00:00:00.100",
            ["Delivery:DefaultServiceUrl"] = connector.ServiceUrl,
            ["Diagnostics:SweepEnabled"] = "false",
            ["Reminders:Enabled"] = "false",
            ["Digest:Enabled"] = "false",
        });
        var host = new DiagnosticHost(connector, bot, bot.CreateClient());
        await host.PostAsync(TestActivities.BotAddedToTeam(connector.ServiceUrl));
        await host.PostAsync(TestActivities.BotAddedToPersonalChat(connector.ServiceUrl));
        await connector.WaitForPostsAsync(2, TimeSpan.FromSeconds(10));
        return host;
    }

    public CardClient As(string objectId) => new(Http, Connector.ServiceUrl, objectId);

    public async Task PostAsync(JsonObject activity) =>
        (await Http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    /// <summary>An issue of Gap hyper-centre written through the repository, created <paramref name="daysAgo"/> days ago.</summary>
    public async Task<Issue> SeedIssueAsync(string categoryId = "occupation-parties-communes", string? siteId = HallA, int daysAgo = 1,
        string sector = Sector, Func<Issue, Issue>? shape = null)
    {
        var draft = new IssueDraft
        {
            SectorId = sector,
            CategoryId = categoryId,
            Reporter = new IssueReporter(Camille, CamilleOrganisation),
            Site = siteId is null ? IssueSite.Address("3 rue Bayard") : IssueSite.Known(siteId),
            LastOccurrence = Today.AddDays(-daysAgo),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Weekly,
            Description = "Un groupe occupe le hall chaque soir, bruit et déchets.",
        };
        var created = await Issues.CreateAsync(draft, Guid.NewGuid().ToString("N"), CancellationToken.None);
        var issue = created.Stored.Issue with { CreatedAt = DateTimeOffset.UtcNow.AddDays(-daysAgo) };
        issue = shape?.Invoke(issue) ?? issue;
        return (await Issues.UpdateAsync(issue, created.Stored.ETag, CancellationToken.None)).Issue;
    }

    /// <summary>Types <paramref name="text"/> in the Gap hyper-centre channel (mentioning the bot); returns the reply's card or text.</summary>
    public Task<ConnectorRequest> SayInChannelAsync(string text, string objectId = SectorReferent) =>
        SayAsync(TestActivities.ChannelMention(Connector.ServiceUrl, text, objectId: objectId));

    /// <summary>Types <paramref name="text"/> in the personal chat as <paramref name="objectId"/>.</summary>
    public Task<ConnectorRequest> SayInPersonalChatAsync(string text, string objectId = Camille) =>
        SayAsync(TestActivities.Personal(Connector.ServiceUrl, text: text, objectId: objectId));

    private async Task<ConnectorRequest> SayAsync(JsonObject activity)
    {
        var replyPath = $"/activities/{activity["id"]!.GetValue<string>()}";
        await PostAsync(activity);
        return await WaitForRequestAsync(r => r.Method == "POST" && r.Path.EndsWith(replyPath, StringComparison.Ordinal), "the reply to the command");
    }

    /// <summary>Opens a diagnostic the way a referent does: `diagnostic nouveau` in the channel, then the form.</summary>
    public async Task<Diagnostic> OpenAsync(string title, params Issue[] linked)
    {
        var form = (JsonObject)(await SayInChannelAsync("diagnostic nouveau")).Card!;
        var answer = await As(SectorReferent).ClickAsync(form, DiagnosticVerbs.OpenSubmit, new Dictionary<string, string>
        {
            [DiagnosticFields.Title] = title,
            [DiagnosticFields.Issues] = string.Join(',', linked.Select(i => i.Number)),
        });
        Assert.Contains("ouvert", CardClient.AllText(answer), StringComparison.Ordinal);
        var listed = await Diagnostics.ListBySectorAsync(Sector, CancellationToken.None);
        return listed.Single(d => d.Diagnostic.Title == title).Diagnostic;
    }

    public async Task<Diagnostic> ReadAsync(Diagnostic diagnostic) =>
        (await Diagnostics.GetAsync(diagnostic.SectorId, diagnostic.Number, CancellationToken.None))!.Diagnostic;

    /// <summary>The current diagnostic card, as its refresh answers it.</summary>
    public async Task<JsonObject> CardAsync(Diagnostic diagnostic, string objectId = SectorReferent) =>
        CardClient.CardOf(await As(objectId).InvokeAsync(DiagnosticVerbs.Refresh, DiagnosticRef.Of(diagnostic).ToData()));

    /// <summary>Adds an action to the plan through the card's form.</summary>
    public async Task<JsonObject> AddActionAsync(Diagnostic diagnostic, string text, string owner, DateOnly due)
    {
        var card = await CardAsync(await ReadAsync(diagnostic));
        var form = await As(SectorReferent).ClickAsync(card, DiagnosticVerbs.AddAction);
        return await As(SectorReferent).ClickAsync(form, DiagnosticVerbs.AddActionSubmit, new Dictionary<string, string>
        {
            [DiagnosticFields.ActionText] = text,
            [DiagnosticFields.Owner] = owner,
            [DiagnosticFields.DueDate] = due.ToString("yyyy-MM-dd"),
        });
    }

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

    public Task<ConnectorRequest> WaitForPartnerMessageAsync(string containing) =>
        WaitForRequestAsync(r => r.Method == "POST" && r.Path.Contains("a%3A1personal-camille", StringComparison.Ordinal)
            && r.Body is not null && CardClient.AllText(r.Body).Contains(containing, StringComparison.Ordinal), $"a message to Camille with « {containing} »");

    public IReadOnlyList<ConnectorRequest> PartnerMessagesContaining(string text) =>
        [.. Connector.Requests.Where(r => r.Method == "POST" && r.Path.Contains("a%3A1personal-camille", StringComparison.Ordinal)
            && r.Body is not null && CardClient.AllText(r.Body).Contains(text, StringComparison.Ordinal))];

    /// <summary>The card of the diagnostic's channel post (a new thread), once the outbox sent it.</summary>
    public Task<ConnectorRequest> WaitForDiagnosticPostAsync(Diagnostic diagnostic) =>
        WaitForRequestAsync(r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal) && r.Body is not null
            && CardClient.AllText(r.Body).Contains($"Diagnostic partagé {diagnostic.Number}", StringComparison.Ordinal), $"the post of {diagnostic.Number}");

    public Task<ConnectorRequest> WaitForCardUpdateAsync(string activityId, string containing) =>
        WaitForRequestAsync(r => r.Method == "PUT" && r.Path.EndsWith($"/activities/{activityId}", StringComparison.Ordinal)
            && r.Body is not null && CardClient.AllText(r.Body).Contains(containing, StringComparison.Ordinal), $"a PUT of {activityId} with « {containing} »");

    /// <summary>Where the diagnostic card was posted, once the outbox recorded it (bounded wait).</summary>
    public async Task<ChannelThread> CardLocationAsync(Diagnostic diagnostic)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await CardLocations.GetAsync(diagnostic.SectorId, diagnostic.Number, CancellationToken.None) is { } location)
            {
                return location;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The card of {diagnostic.Number} was never posted.");
    }

    /// <summary>Clicks a button placed in the card's body (an ActionSet) that sends no inputs.</summary>
    public async Task<JsonObject> ClickBodyButtonAsync(string objectId, JsonObject card, string verb, string? title = null) =>
        CardClient.CardOf(await As(objectId).InvokeAsync(verb, (JsonObject)Button(card, verb, title)["data"]!.DeepClone()));

    /// <summary>The first button with <paramref name="verb"/> anywhere in the card (body or actions).</summary>
    public static JsonObject Button(JsonObject card, string verb, string? title = null) =>
        Descendants(card).FirstOrDefault(n => n["type"]?.GetValue<string>() == "Action.Execute" && n["verb"]?.GetValue<string>() == verb
            && (title is null || n["title"]?.GetValue<string>() == title))
        ?? throw new InvalidOperationException($"No {verb} button on the card: {card.ToJsonString()}");

    public static IEnumerable<JsonObject> Descendants(JsonNode? node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        if (node is JsonObject self)
        {
            yield return self;
        }
        foreach (var descendant in children.SelectMany(Descendants))
        {
            yield return descendant;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
