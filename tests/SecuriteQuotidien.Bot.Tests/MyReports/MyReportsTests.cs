using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Intake;
using SecuriteQuotidien.Bot.MyReports;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.MyReports;

/// <summary>"mes signalements" through /api/messages over Azurite: pages, timeline, ownership, police-only notes.</summary>
public sealed class MyReportsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string OtherPartnerObjectId = DemoPeople.Karim;
    private const string PartnerWithoutIssuesObjectId = DemoPeople.Remi;
    private const string ReferentObjectId = DemoPeople.Julien;
    private const string PoliceOnlyNote = "NOTE-POLICE Individu connu des services, surveillance discrète";

    private BotTestHost _host = null!;
    private CardClient _partner = null!;

    public async Task InitializeAsync()
    {
        _host = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false });
        _partner = _host.As(DemoPeople.Partner);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IIssueRepository Issues => _host.Issues;

    private Task<Issue> CreateIssueAsync(string reporterObjectId, string description) =>
        _host.SeedIssueAsync(category: "incivilites", reporter: reporterObjectId, site: IssueSite.Address("3 rue Carnot, Gap", "porche"),
            description: description);

    private Task<Issue> CreateOwnIssueAsync(string description) =>
        CreateIssueAsync(DemoPeople.Partner, description);

    private async Task<JsonObject> ListAsync(CardClient? client = null) =>
        CardClient.CardOf(await (client ?? _partner).InvokeAsync(ActionIds.MyReports.List, []));

    private static JsonObject DetailData(Issue issue) => new()
    {
        [MyReportsCards.Fields.Sector] = issue.SectorId,
        [MyReportsCards.Fields.Number] = issue.Number.ToString(),
    };

    /// <summary>The tap actions of the list's lines (Container.selectAction), in card order.</summary>
    private static List<JsonObject> LineActions(JsonObject card) =>
        [.. (card["body"]?.AsArray() ?? []).OfType<JsonObject>().Select(e => e["selectAction"]).OfType<JsonObject>()];

    private static List<string> LineNumbers(JsonObject card) =>
        [.. LineActions(card).Select(a => a["data"]![MyReportsCards.Fields.Number]!.GetValue<string>())];

    private static List<string> ButtonTitles(JsonObject card) =>
        [.. CardClient.Actions(card).Select(a => a["title"]!.GetValue<string>())];

    [Fact]
    public async Task The_list_shows_the_partners_issues_newest_first_ten_per_page()
    {
        var mine = new List<Issue>();
        for (var i = 0; i < 12; i++)
        {
            mine.Add(await CreateOwnIssueAsync($"Dégradations répétées numéro {i} dans le porche"));
        }
        var others = await CreateIssueAsync(OtherPartnerObjectId, "Un problème signalé par un autre partenaire");

        var first = await ListAsync();
        var expectedFirst = mine.AsEnumerable().Reverse().Take(10).Select(i => i.Number.ToString()).ToList();
        Assert.Equal(expectedFirst, LineNumbers(first));
        Assert.Equal(["Suivants"], ButtonTitles(first));
        var text = CardClient.AllText(first);
        Assert.Contains("Incivilités", text, StringComparison.Ordinal);
        Assert.Contains("3 rue Carnot, Gap — porche", text, StringComparison.Ordinal);
        Assert.Contains("Nouveau — réponse attendue dans 30 jours", text, StringComparison.Ordinal);
        Assert.Contains($"Envoyé le {FrenchDateFormat.Long(ParisTime.DateOf(mine[11].CreatedAt))}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(others.Number.ToString(), text, StringComparison.Ordinal);

        var second = await _partner.ClickAsync(first, ActionIds.MyReports.List, title: "Suivants");
        Assert.Equal([mine[1].Number.ToString(), mine[0].Number.ToString()], LineNumbers(second));
        Assert.Equal(["Précédents"], ButtonTitles(second));

        var back = await _partner.ClickAsync(second, ActionIds.MyReports.List, title: "Précédents");
        Assert.Equal(expectedFirst, LineNumbers(back));
    }

    [Fact]
    public async Task A_closed_issue_shows_its_outcome_instead_of_days_left()
    {
        var issue = await CreateOwnIssueAsync("Tags sur la façade de l'immeuble chaque week-end");
        await Issues.ApplyAsync(issue.SectorId, issue.Number, i => i.Close(ReferentObjectId, _host.Now, IssueOutcome.Resolved), CancellationToken.None);

        var text = CardClient.AllText(await ListAsync());

        Assert.Contains("Clos — Résolu", text, StringComparison.Ordinal);
        Assert.DoesNotContain("réponse attendue", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reopened_issue_waits_for_a_response_again_with_the_new_clocks_deadline()
    {
        var issue = await CreateOwnIssueAsync("Encombrants déposés chaque semaine devant le local vélos");
        var now = _host.Now;
        await Issues.ApplyAsync(issue.SectorId, issue.Number, i => i.EngageResponse(ReferentObjectId, now, "Médiation avec le bailleur"), CancellationToken.None);
        await Issues.ApplyAsync(issue.SectorId, issue.Number, i => i.Close(ReferentObjectId, now, IssueOutcome.Resolved), CancellationToken.None);
        await Issues.ApplyAsync(issue.SectorId, issue.Number, i => i.Reopen(DemoPeople.Partner, now), CancellationToken.None);

        var list = CardClient.AllText(await ListAsync());
        var detail = CardClient.AllText(CardClient.CardOf(await _partner.InvokeAsync(ActionIds.MyReports.Detail, DetailData(issue))));

        Assert.Contains("Pris en compte — réponse attendue dans 30 jours", list, StringComparison.Ordinal);
        Assert.Contains("Réponse attendue", detail, StringComparison.Ordinal);
        Assert.Contains("Pris en compte — réponse attendue dans 30 jours", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tapping_an_issue_shows_its_partner_visible_timeline_and_never_a_police_only_note()
    {
        var issue = await CreateOwnIssueAsync("Rodéos de scooters le soir sur le parking");
        var now = _host.Now;
        await Issues.ApplyAsync(issue.SectorId, issue.Number, i => i.Acknowledge(ReferentObjectId, now), CancellationToken.None);
        await _host.Events.AppendAsync(issue.EventOf(IssueEventKind.NoteAdded, ReferentObjectId, now, EventVisibility.PoliceOnly, PoliceOnlyNote), CancellationToken.None);
        await Issues.ApplyAsync(issue.SectorId, issue.Number,
            i => i.EngageResponse(ReferentObjectId, now, "Patrouilles renforcées en soirée pendant deux semaines"), CancellationToken.None);
        await Issues.ApplyAsync(issue.SectorId, issue.Number,
            i => i.EngageResponse(ReferentObjectId, now, PoliceOnlyNote + " (réponse interne)", EventVisibility.PoliceOnly), CancellationToken.None);
        await Issues.ApplyAsync(issue.SectorId, issue.Number, i => i.Pause(ReferentObjectId, now, PoliceOnlyNote + " (pause)"), CancellationToken.None);

        var list = await ListAsync();
        var tap = Assert.Single(LineActions(list));
        Assert.Equal("Action.Execute", tap["type"]!.GetValue<string>());
        Assert.Equal("Action.Submit", tap["fallback"]!["type"]!.GetValue<string>());
        var response = await _partner.InvokeAsync(tap["verb"]!.GetValue<string>(), (JsonObject)tap["data"]!.DeepClone());

        var text = CardClient.AllText(response);
        Assert.Contains($"Signalement {issue.Number}", text, StringComparison.Ordinal);
        Assert.Contains("Rodéos de scooters le soir sur le parking", text, StringComparison.Ordinal);
        Assert.Contains("Signalement envoyé", text, StringComparison.Ordinal);
        Assert.Contains("Pris en compte par le policier référent", text, StringComparison.Ordinal);
        Assert.Contains("Réponse ciblée engagée", text, StringComparison.Ordinal);
        Assert.Contains("Patrouilles renforcées en soirée pendant deux semaines", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NOTE-POLICE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("mis en pause", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Retour à mes signalements", ButtonTitles(CardClient.CardOf(response)));
    }

    [Fact]
    public async Task Another_partners_issue_is_refused_exactly_like_an_unknown_one()
    {
        var theirs = await CreateIssueAsync(OtherPartnerObjectId, "Squat dans la cave du bâtiment C, odeurs fortes");
        await _host.Events.AppendAsync(theirs.EventOf(IssueEventKind.NoteAdded, ReferentObjectId, _host.Now, EventVisibility.PartnerVisible, "Visite prévue jeudi"), CancellationToken.None);

        var forged = await _partner.InvokeAsync(ActionIds.MyReports.Detail, DetailData(theirs));
        var unknown = await _partner.InvokeAsync(ActionIds.MyReports.Detail, new JsonObject
        {
            [MyReportsCards.Fields.Sector] = theirs.SectorId,
            [MyReportsCards.Fields.Number] = new IssueNumber("05", theirs.Number.Year, 9999).ToString(),
        });
        var badSector = await _partner.InvokeAsync(ActionIds.MyReports.Detail, new JsonObject
        {
            [MyReportsCards.Fields.Sector] = "../../secret",
            [MyReportsCards.Fields.Number] = theirs.Number.ToString(),
        });

        var text = CardClient.AllText(forged);
        Assert.Contains("Ce signalement n'est pas le vôtre", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Squat", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Visite prévue", text, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Number.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain("Incivilités", text, StringComparison.Ordinal);
        Assert.Equal(forged.ToJsonString(), unknown.ToJsonString());
        Assert.Equal(forged.ToJsonString(), badSector.ToJsonString());

        // Its owner does see it.
        var owner = _host.As(OtherPartnerObjectId);
        Assert.Contains("Visite prévue jeudi", CardClient.AllText(await owner.InvokeAsync(ActionIds.MyReports.Detail, DetailData(theirs))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_mes_signalements_replies_with_the_list_in_the_personal_chat()
    {
        var issue = await CreateOwnIssueAsync("Stationnement gênant devant la sortie de secours");

        var activity = TeamsActivities.Personal(_host.Connector.ServiceUrl, text: "Mes signalements");
        var response = await _host.SendAsync(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var posts = await _host.Connector.WaitForPostsAsync(1, BotTestHost.DefaultWait);
        var reply = Assert.Single(posts, p => p.Path.Contains(TeamsActivities.EscapedPersonalChatOf(DemoPeople.Partner), StringComparison.Ordinal));
        var card = reply.Card!.AsObject();
        Assert.Equal([issue.Number.ToString()], LineNumbers(card));
        Assert.Contains("Mes signalements", CardClient.AllText(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_submit_fallback_of_a_line_shows_the_timeline_too()
    {
        var issue = await CreateOwnIssueAsync("Dépôts sauvages d'encombrants au pied de l'immeuble");
        var tap = Assert.Single(LineActions(await ListAsync()));

        var activity = TeamsActivities.Personal(_host.Connector.ServiceUrl);
        activity["value"] = tap["fallback"]!["data"]!.DeepClone();
        var response = await _host.SendAsync(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var posts = await _host.Connector.WaitForPostsAsync(1, BotTestHost.DefaultWait);
        var text = CardClient.AllText(Assert.Single(posts).Card!);
        Assert.Contains($"Signalement {issue.Number}", text, StringComparison.Ordinal);
        Assert.Contains("Dépôts sauvages d'encombrants", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_without_issues_is_offered_to_report_one()
    {
        var card = await ListAsync(_host.As(PartnerWithoutIssuesObjectId));

        Assert.Contains("aucun signalement", CardClient.AllText(card), StringComparison.Ordinal);
        var button = Assert.Single(CardClient.Actions(card));
        Assert.Equal(ActionIds.Intake.Start, button["verb"]!.GetValue<string>());
        Assert.Equal("Signaler un problème", button["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Someone_who_is_not_a_partner_gets_an_explanation_and_no_issue()
    {
        var issue = await CreateOwnIssueAsync("Regroupements bruyants tard le soir sous les fenêtres");
        var referent = _host.As(ReferentObjectId);

        var list = (await referent.InvokeAsync(ActionIds.MyReports.List, []))["value"]!.GetValue<string>();
        var detail = (await referent.InvokeAsync(ActionIds.MyReports.Detail, DetailData(issue)))["value"]!.GetValue<string>();

        Refusals.AssertRefused(list);
        Refusals.AssertRefused(detail);
        Assert.Contains("partenaires du GPO", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Regroupements bruyants", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_failure_asks_to_retry_instead_of_failing()
    {
        await using var broken = await BotTestHost.StartAsync(azurite, new BotTestHostOptions
        {
            Install = false,
            ConfigureServices = s => s.AddSingleton(UnavailableStorage.IssueRepository()),
        });
        var client = broken.As(DemoPeople.Partner);

        var list = CardClient.CardOf(await client.InvokeAsync(ActionIds.MyReports.List, []));
        var detail = CardClient.CardOf(await client.InvokeAsync(ActionIds.MyReports.Detail, new JsonObject
        {
            [MyReportsCards.Fields.Sector] = "gap-hyper-centre",
            [MyReportsCards.Fields.Number] = "05-2026-0001",
        }));

        foreach (var card in new[] { list, detail })
        {
            Assert.Contains("réessayez dans un instant", CardClient.AllText(card), StringComparison.Ordinal);
            Assert.Equal(["Réessayer"], ButtonTitles(card));
        }
        Assert.Equal("05-2026-0001", CardClient.Actions(detail).Single()["data"]![MyReportsCards.Fields.Number]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_card_variant_parses_in_the_official_parser()
    {
        var directory = _host.Directory;
        var today = _host.Today;
        var issue = await CreateOwnIssueAsync("Vitres de l'abribus cassées <at>Julien</at> **encore**");
        var closed = (await Issues.ApplyAsync(issue.SectorId, issue.Number,
            i => i.Close(ReferentObjectId, _host.Now, IssueOutcome.OutOfScope, "Relève de la mairie"), CancellationToken.None))!.Value;
        var timeline = await _host.Events.ListAsync(issue.Number, partnerVisibleOnly: true, CancellationToken.None);

        var cards = new Dictionary<string, AdaptiveCard>
        {
            ["list-first"] = MyReportsCards.List(new ReportPage([issue], 0, HasNext: true), directory, today),
            ["list-middle"] = MyReportsCards.List(new ReportPage([issue, closed.Issue], 1, HasNext: true), directory, today),
            ["list-last"] = MyReportsCards.List(new ReportPage([closed.Issue], 2, HasNext: false), directory, today.AddDays(40)),
            ["empty"] = MyReportsCards.Empty(),
            ["detail-open"] = MyReportsCards.Detail(issue, [], directory, today, 0),
            ["detail-closed"] = MyReportsCards.Detail(closed.Issue, timeline, directory, today, 1),
            ["not-yours"] = MyReportsCards.NotYours(),
            ["not-a-partner"] = MyReportsCards.NotAPartner(),
            ["unavailable"] = MyReportsCards.Unavailable(MyReportsCards.PageData(0), ActionIds.MyReports.List),
        };

        var verdicts = await CardValidator.ValidateAsync(cards.ToDictionary(c => c.Key, c => c.Value.ToJson()));

        Assert.Equal(cards.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
        // Partner text reaches the card only as a literal text run.
        var wording = CardWording.ProblemsOf(cards);
        Assert.True(wording.Length == 0, wording);
        var detailJson = cards["detail-closed"].ToJson();
        Assert.DoesNotContain("<at>", detailJson, StringComparison.Ordinal);
        Assert.Contains("Hors compétence : Relève de la mairie", CardClient.AllText(JsonNode.Parse(detailJson)!), StringComparison.Ordinal);
    }

    /// <summary>
    /// The storage account unreachable: every call fails as the Azure SDK would. A proxy, so the
    /// stand-in follows the repository interface as it grows.
    /// </summary>
    public class UnavailableStorage : DispatchProxy
    {
        public static IIssueRepository IssueRepository() => Create<IIssueRepository, UnavailableStorage>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new Azure.RequestFailedException(503, "Service indisponible");
    }
}
