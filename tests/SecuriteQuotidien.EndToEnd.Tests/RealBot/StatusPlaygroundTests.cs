using System.Net;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Export;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Playground;
using Xunit.Abstractions;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>
/// The real bot with five issues written into its tables by the product's own repository, and a second
/// Agents Playground where the current user is the commissioner (Commissaire Hélène Faure).
/// </summary>
public sealed class StatusPlaygroundFixture : RealBotFixture
{
    public const string BrianconThreadRoot = "1718000000222";
    private const string CamilleObjectId = DemoPeople.Camille;

    private readonly List<IAsyncDisposable> _commissioner = [];

    public PlaygroundClient Commissioner { get; private set; } = null!;

    // The data set is written behind the bot's back once it runs, as another instance would: that instance (the test
    // process) applies its changes to the status totals before its services are disposed, so the bot reads them.
    // The digest is what this fixture's last step is about; it is sent when the test moves the dev clock to Monday.
    protected override IReadOnlyDictionary<string, string?>? BotSettings => new Dictionary<string, string?>
    {
        ["Digest:Enabled"] = "true",
    };

    /// <summary>The bot's Paris date when the data set was written.</summary>
    public DateOnly Today { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Today = ParisTime.DateOf((await Bot.DevClockAsync()).Now);
        await SeedAsync();
        var host = await PlaygroundHost.StartAsync(Bot.MessagesEndpoint, PlaygroundHost.HautesAlpesCommissaireConfig);
        _commissioner.Add(host);
        Commissioner = await host.ConnectAsync();
        _commissioner.Add(Commissioner);
    }

    /// <summary>
    /// Relative to today (T): A Briançon hyper-centre, deadline T−15, acknowledged, with a thread (15 days overdue);
    /// B Gap hyper-centre, deadline T−10, new (10 days overdue); C Briançon forte densité, deadline T+25, new;
    /// D Gap hyper-centre, deadline T+10, answered at T−10; E Briançon hyper-centre, closed resolved at T−20.
    /// </summary>
    private async Task SeedAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tables"] = TablesConnection,
            ["Storage:TablePrefix"] = TablePrefix,
            ["Directory:Path"] = RepoPaths.Combine("departments", "hautes-alpes.json"),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        // The product's services in the test process read the clock the bot process reads.
        services.AddSingleton<TimeProvider>(TestClock.Default());
        services.AddTableStorage(configuration);
        services.AddDepartmentDirectory(configuration);
        await using var provider = services.BuildServiceProvider();
        var issues = provider.GetRequiredService<IIssueRepository>();

        DateTimeOffset Day(int offset) => ParisTime.At(Today.AddDays(offset), new TimeOnly(9, 0));
        async Task SeedAsync(string sectorId, Func<Issue, Issue> shape)
        {
            var draft = new IssueDraft
            {
                SectorId = sectorId,
                CategoryId = "incivilites",
                Reporter = new IssueReporter(CamilleObjectId, "residence-les-cedres"),
                Site = IssueSite.Address("3 avenue de la Gare"),
                LastOccurrence = Today.AddDays(-50),
                TimeOfDay = TimeOfDay.Evening,
                Frequency = IssueFrequency.Weekly,
                Description = "Regroupements bruyants devant l'entrée le soir.",
            };
            var created = await issues.CreateAsync(draft, Guid.NewGuid().ToString("N"), CancellationToken.None);
            await issues.UpdateAsync(shape(created.Stored.Issue), created.Stored.ETag, CancellationToken.None);
        }

        await SeedAsync("briancon-hyper-centre", i => i with
        {
            CreatedAt = Day(-45), Deadline = Today.AddDays(-15), Status = IssueStatus.Acknowledged,
            Thread = new ChannelThread($"19:briancon-hyper-centre@thread.tacv2;messageid={BrianconThreadRoot}", BrianconThreadRoot),
        });
        await SeedAsync("gap-hyper-centre", i => i with { CreatedAt = Day(-40), Deadline = Today.AddDays(-10) });
        await SeedAsync("briancon-forte-densite", i => i with { CreatedAt = Day(-5), Deadline = Today.AddDays(25) });
        await SeedAsync("gap-hyper-centre", i => i with
        {
            CreatedAt = Day(-20), Deadline = Today.AddDays(10), Status = IssueStatus.ResponseEngaged, FirstResponseAt = Day(-10),
        });
        await SeedAsync("briancon-hyper-centre", i => i with
        {
            CreatedAt = Day(-30), Deadline = Today, Status = IssueStatus.Closed, Outcome = IssueOutcome.Resolved,
            FirstResponseAt = Day(-25), ClosedAt = Day(-20),
        });
    }

    public override async Task DisposeAsync()
    {
        for (var i = _commissioner.Count - 1; i >= 0; i--)
        {
            await _commissioner[i].DisposeAsync();
        }
        await base.DisposeAsync();
    }
}

/// <summary>
/// The commissioner in the real Agents Playground, talking to the real bot process: « point », « point Briançon »,
/// « en retard » and « export » in the personal chat, then the weekly digest in the personal chat and the sector channel.
/// One test: the steps share the bot's clock, which the digest step moves forward.
/// </summary>
public sealed class StatusPlaygroundTests(StatusPlaygroundFixture fixture, ITestOutputHelper output) : IClassFixture<StatusPlaygroundFixture>
{
    private PlaygroundClient Commissioner => fixture.Commissioner;

    private string PersonalChat => Commissioner.Tenant.PersonalChatId;

    [Fact]
    public Task The_commissioner_gets_status_overdue_list_export_and_weekly_digest_through_the_playground() => fixture.ExplainingFailuresAsync(async () =>
    {
        await Commissioner.InstallAppAsync(Commissioner.Tenant.TeamId);
        await Commissioner.WaitForCardAsync(Commissioner.Tenant.TeamId, TeamsUser.TeamWelcomeTitle);
        await Commissioner.InstallAppAsync(PersonalChat);
        await Commissioner.WaitForCardAsync(PersonalChat, TeamsUser.PersonalWelcomeTitle);

        var point = await AskAsync("point", "Point : tout le département (Hautes-Alpes)");
        Assert.Equal("4, dont 2 en retard et 0 à échéance sous 7 jours", Facts(point)["Ouverts"]);
        Assert.All(Descendants(point).Where(e => e["type"]?.GetValue<string>() == "Image"),
            image => Assert.StartsWith("data:image/png;base64,", image["url"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Contains(Descendants(point), e => e["type"]?.GetValue<string>() == "Image");

        var briancon = await AskAsync("point Briançon", "Point : Briançon");
        Assert.Equal("2, dont 1 en retard et 0 à échéance sous 7 jours", Facts(briancon)["Ouverts"]);
        Assert.DoesNotContain("Gap – hyper-centre", Facts(briancon).Keys);

        var overdueCard = await AskAsync("en retard", "signalements en retard");
        var overdue = CardForm.AllText(overdueCard);
        Assert.Contains("2 signalements en retard, du plus ancien au plus récent", overdue, StringComparison.Ordinal);
        Assert.Contains("15 jours de retard", overdue, StringComparison.Ordinal);
        Assert.Contains("10 jours de retard", overdue, StringComparison.Ordinal);
        Assert.True(overdue.IndexOf("15 jours", StringComparison.Ordinal) < overdue.IndexOf("10 jours", StringComparison.Ordinal), overdue);
        // Each line opens its issue through the issue card's refresh verb, thread or no thread.
        Assert.Equal(2, Descendants(overdueCard).Count(e => e["selectAction"]?["verb"]?.GetValue<string>() == "signalement-actualiser"));

        await DownloadExportAsync();
        await WeeklyDigestAsync();
    });

    private async Task DownloadExportAsync()
    {
        var card = await AskAsync("export", ExportMessages.Title);
        var url = new Uri(Descendants(card).Single(e => e["type"]?.GetValue<string>() == "Action.OpenUrl")["url"]!.GetValue<string>());
        // The Development link names http://localhost:3978; the bot under test listens on its own port.
        var link = new Uri(fixture.Bot.BaseUrl, url.PathAndQuery);
        using var http = new HttpClient { Timeout = TeamsUser.Wait };

        using var response = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var workbook = new XLWorkbook(new MemoryStream(bytes)))
        {
            var numbers = workbook.Worksheet(ExportWorkbook.IssuesSheet).Column(1).CellsUsed().Skip(1).Select(c => c.GetString()).ToList();
            Assert.True(numbers.Count >= 4, string.Join(", ", numbers));
            Assert.Equal("Problèmes identifiés", workbook.Worksheet(ExportWorkbook.IndicatorsSheet).Cell(ExportWorkbook.IndicatorsHeaderRow, 3).GetString());
        }
        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            Assert.Empty(new OpenXmlValidator().Validate(document));
        }
        output.WriteLine($"Export: {bytes.Length} bytes, {response.Content.Headers.ContentDisposition?.FileNameStar}");

        using var again = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }

    private async Task WeeklyDigestAsync()
    {
        var now = await fixture.Bot.DevClockAsync();
        var today = ParisTime.DateOf(now.Now);
        var daysToMonday = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        var monday = today.AddDays(daysToMonday == 0 ? 7 : daysToMonday);

        var state = await fixture.Bot.MoveClockToAsync(ParisTime.At(monday, new TimeOnly(8, 5)));

        Assert.True(state.DigestMessages >= 2, $"{state.DigestMessages} digest messages recorded");
        var own = await Commissioner.WaitForCardAsync(PersonalChat, "Bilan de la semaine : tout le département (Hautes-Alpes)");
        Assert.Equal(PersonalChat, own.ConversationId);
        var channel = await Commissioner.WaitForCardAsync(TeamsUser.GapHyperCentreChannelId, "Bilan de la semaine : Gap – hyper-centre");
        Assert.NotNull(channel.PostConversationId);
        output.WriteLine($"Digest of {monday:yyyy-MM-dd}: {state.DigestMessages} messages recorded; seen in the personal chat and the General channel.");
    }

    /// <summary>Types <paramref name="text"/> in the personal chat and waits for the bot's card containing <paramref name="expected"/>.</summary>
    private async Task<JsonObject> AskAsync(string text, string expected)
    {
        var started = DateTime.UtcNow;
        await Commissioner.SendPersonalMessageAsync(text);
        var reply = await Commissioner.WaitForCardAsync(PersonalChat, expected);
        output.WriteLine($"« {text} » answered through the playground in {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms");
        return CardForm.CardOf(reply);
    }

    private static Dictionary<string, string> Facts(JsonObject card) =>
        Descendants(card)
            .Where(n => n["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray())
            .GroupBy(f => f!["title"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.First()!["value"]!.GetValue<string>());

    private static IEnumerable<JsonObject> Descendants(JsonNode node) => node switch
    {
        JsonObject obj => obj.Select(p => p.Value).Where(v => v is not null).SelectMany(v => Descendants(v!)).Prepend(obj),
        JsonArray array => array.Where(v => v is not null).SelectMany(v => Descendants(v!)),
        _ => [],
    };
}
