using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;
using SecuriteQuotidien.Bot.Tests.Status;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Export;

/// <summary>
/// The bot over Azurite with a fixed clock (Friday 20 November 2026, 10:00 Paris), a fixed signing key and a
/// known data set of eight issues (<see cref="SeedAsync"/>), replying to a <see cref="ConnectorStandIn"/>.
/// </summary>
public sealed class ExportHost(BotApp app, WebApplicationFactory<Program> factory, ConnectorStandIn connector, FakeTimeProvider time)
    : IAsyncDisposable
{
    // The people and the day of the status data set (StatusHost), plus the export's own settings and texts.
    public const string CommissionerId = StatusHost.CommissionerId;
    public const string GapReferentId = StatusHost.GapReferentId;
    public const string CamilleId = TestActivities.PartnerObjectId;
    public const string KarimId = StatusHost.OtherReporterId;
    public const string StrangerId = StatusHost.StrangerId;
    public const string SigningKey = "test-signing-key-0123456789-abcdefghijklmnop";
    public const string PublicBaseUrl = "https://bot.example.test";

    public const string FormulaDescription = "=HYPERLINK(\"http://evil.example\",\"cliquez\")";
    public const string MinusDescription = "-1 place de parking sur deux, stationnement gênant";
    public const string AtDescription = "@SUM(1+1) tapage nocturne tous les soirs";
    public const string PoliceNote = "Note police confidentielle : auteur identifié";

    public static readonly DateTimeOffset Now = StatusHost.Now;

    public ConnectorStandIn Connector => connector;
    public FakeTimeProvider Time => time;
    public HttpClient Http { get; } = factory.CreateClient();
    public IServiceProvider Services => factory.Services;
    public IIssueRepository Issues => Services.GetRequiredService<IIssueRepository>();
    public IIssueEventRepository Events => Services.GetRequiredService<IIssueEventRepository>();

    public static async Task<ExportHost> StartAsync(AzuriteFixture azurite, bool requireSignedInUser = false)
    {
        var connector = await ConnectorStandIn.StartAsync();
        var time = new FakeTimeProvider(Now);
        var app = new BotApp(azurite, new Dictionary<string, string?>
        {
            ["Digest:Enabled"] = "false",
            ["Delivery:DefaultServiceUrl"] = connector.ServiceUrl,
            ["Export:SigningKey"] = SigningKey,
            ["Export:PublicBaseUrl"] = PublicBaseUrl,
            ["Export:RequireSignedInUser"] = requireSignedInUser ? "true" : "false",
        });
        var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        return new ExportHost(app, factory, connector, time);
    }

    /// <summary>Types <paramref name="text"/> in the personal chat as <paramref name="objectId"/>; returns the bot's reply.</summary>
    public async Task<ConnectorRequest> AskAsync(string text, string objectId = CommissionerId) =>
        (await PostAsync(TestActivities.Personal(Connector.ServiceUrl, text: text, objectId: objectId), 1))[0];

    /// <summary>Mentions the bot in the Gap hyper-centre channel; returns the <paramref name="expected"/> messages the bot posts.</summary>
    public Task<IReadOnlyList<ConnectorRequest>> MentionAsync(string text, string objectId, int expected) =>
        PostAsync(TestActivities.ChannelMention(Connector.ServiceUrl, text, objectId: objectId), expected);

    private async Task<IReadOnlyList<ConnectorRequest>> PostAsync(JsonObject activity, int expected)
    {
        var before = Connector.Posts.Count;
        (await Http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var posts = await Connector.WaitForPostsAsync(before + expected, TimeSpan.FromSeconds(30));
        Assert.True(posts.Count >= before + expected, $"{posts.Count - before} of {expected} replies");
        return [.. posts.Skip(before)];
    }

    /// <summary>The facts of a card (title → value).</summary>
    public static Dictionary<string, string> Facts(JsonNode card) =>
        card["body"]!.AsArray()
            .Where(e => e?["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(f => f!["facts"]!.AsArray())
            .ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());

    /// <summary>The « Télécharger » link of an export card.</summary>
    public static Uri LinkOf(ConnectorRequest reply)
    {
        var action = reply.Card?["actions"]?.AsArray().Single(a => a?["title"]?.GetValue<string>() == "Télécharger");
        return new Uri(action!["url"]!.GetValue<string>());
    }

    /// <summary>GETs the link's path and query on the test server, optionally as a signed-in Easy Auth principal.</summary>
    public async Task<HttpResponseMessage> DownloadAsync(Uri link, string? principalId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, link.PathAndQuery);
        if (principalId is not null)
        {
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", principalId);
        }
        return await Http.SendAsync(request);
    }

    /// <summary>
    /// The data set (today Friday 20 November 2026; « export » covers 2026):
    /// 0001 Gap hyper-centre, Camille, created 1 Sept, deadline 1 Oct, patrouille ciblée 20 Sept with a police note;
    /// 0002 Gap hyper-centre, Camille, created 10 Sept, deadline 10 Oct, médiation 12 Oct, closed resolved 30 Oct, follow-up « Oui » 5 Nov;
    /// 0003 Gap hyper-centre, Camille, created 15 Sept, deadline 15 Oct, acknowledged, no response (36 days overdue);
    /// 0004 Briançon hyper-centre, Karim, created 1 Oct, deadline 31 Oct, new (20 days overdue);
    /// 0005 Briançon hyper-centre, Karim, created 1 Nov, deadline 1 Dec, new;
    /// 0006 Gap zones économiques, Karim, stupéfiants, created 24 Oct, deadline 23 Nov, acknowledged (due in 3 days);
    /// 0007 Gap hyper-centre, Karim, created 1 Dec 2025, answered 10 Dec 2025, closed resolved 20 Dec 2025 (outside 2026);
    /// 0008 Gap hyper-centre, Camille, created 5 Sept, deadline 5 Oct, opération de police 1 Oct, follow-up status.
    /// </summary>
    public async Task SeedAsync()
    {
        static DateTimeOffset At(int year, int month, int day) => ParisTime.At(new DateOnly(year, month, day), new TimeOnly(9, 0));

        var first = await SeedOneAsync("gap-hyper-centre", CamilleId, "incivilites", FormulaDescription, i => i with
        {
            CreatedAt = At(2026, 9, 1), Deadline = new(2026, 10, 1), Status = IssueStatus.ResponseEngaged, FirstResponseAt = At(2026, 9, 20),
        });
        await RespondAsync(first, "Patrouille ciblée", At(2026, 9, 20));
        await Events.AppendAsync(first.EventOf(IssueEventKind.NoteAdded, GapReferentId, At(2026, 9, 20), EventVisibility.PoliceOnly, PoliceNote),
            CancellationToken.None);

        var second = await SeedOneAsync("gap-hyper-centre", CamilleId, "incivilites", MinusDescription, i => i with
        {
            CreatedAt = At(2026, 9, 10), Deadline = new(2026, 10, 10), Status = IssueStatus.Closed, Outcome = IssueOutcome.Resolved,
            FirstResponseAt = At(2026, 10, 12), ClosedAt = At(2026, 10, 30),
        });
        await RespondAsync(second, "Médiation", At(2026, 10, 12));
        await Events.AppendAsync(IssueFollowUp.AnswerEvent(second, FollowUpAnswer.Yes, CamilleId, At(2026, 11, 5)), CancellationToken.None);

        await SeedOneAsync("gap-hyper-centre", CamilleId, "incivilites", "Regroupements bruyants dans le hall B.", i => i with
        {
            CreatedAt = At(2026, 9, 15), Deadline = new(2026, 10, 15), Status = IssueStatus.Acknowledged,
        });
        await SeedOneAsync("briancon-hyper-centre", KarimId, "incivilites", AtDescription, i => i with
        {
            CreatedAt = At(2026, 10, 1), Deadline = new(2026, 10, 31),
        });
        await SeedOneAsync("briancon-hyper-centre", KarimId, "incivilites", "Dépôts sauvages devant le local vélos.", i => i with
        {
            CreatedAt = At(2026, 11, 1), Deadline = new(2026, 12, 1),
        });
        await SeedOneAsync("gap-zones-economiques", KarimId, "trafic-stupefiants", "Allées et venues suspectes le soir.", i => i with
        {
            CreatedAt = At(2026, 10, 24), Deadline = new(2026, 11, 23), Status = IssueStatus.Acknowledged,
        });
        var old = await SeedOneAsync("gap-hyper-centre", KarimId, "incivilites", "Signalement de l'an dernier.", i => i with
        {
            CreatedAt = At(2025, 12, 1), Deadline = new(2025, 12, 31), Status = IssueStatus.Closed, Outcome = IssueOutcome.Resolved,
            FirstResponseAt = At(2025, 12, 10), ClosedAt = At(2025, 12, 20),
        });
        await RespondAsync(old, "Médiation", At(2025, 12, 10));
        var eighth = await SeedOneAsync("gap-hyper-centre", CamilleId, "incivilites", "Vitres brisées au parking souterrain.", i => i with
        {
            CreatedAt = At(2026, 9, 5), Deadline = new(2026, 10, 5), Status = IssueStatus.FollowUp, FirstResponseAt = At(2026, 10, 1),
        });
        await RespondAsync(eighth, "Opération de police", At(2026, 10, 1));
    }

    private Task RespondAsync(Issue issue, string type, DateTimeOffset at) =>
        Events.AppendAsync(issue.EventOf(IssueEventKind.ResponseEngaged, GapReferentId, at, EventVisibility.PartnerVisible,
            $"{type}, {FrenchDateFormat.Long(ParisTime.DateOf(at))} : action menée."), CancellationToken.None);

    private async Task<Issue> SeedOneAsync(string sectorId, string reporter, string category, string description, Func<Issue, Issue> shape)
    {
        var draft = new IssueDraft
        {
            SectorId = sectorId,
            CategoryId = category,
            Reporter = new IssueReporter(reporter, reporter == CamilleId ? "residence-les-cedres" : "habitat-alpin"),
            Site = IssueSite.Address("+12 rue de la Paix", "hall B"),
            LastOccurrence = new DateOnly(2026, 9, 1),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Weekly,
            Description = description,
        };
        var created = await Issues.CreateAsync(draft, Guid.NewGuid().ToString("N"), CancellationToken.None);
        var shaped = shape(created.Stored.Issue);
        await Issues.UpdateAsync(shaped, created.Stored.ETag, CancellationToken.None);
        return shaped;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await factory.DisposeAsync();
        await app.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
