using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Intake;

/// <summary>The report form through /api/messages, as a Teams client would drive it.</summary>
public sealed class IntakeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private BotTestHost _host = null!;
    private CardClient _partner = null!;

    private string Today => _host.Today.ToString("yyyy-MM-dd");

    private static Dictionary<string, string> ValidPlace => ReportForm.Place;

    private Dictionary<string, string> ValidFacts => ReportForm.Facts(_host.Today);

    public async Task InitializeAsync()
    {
        // Installed in the sector's team: its conversation reference gives the service URL.
        _host = await BotTestHost.StartAsync(azurite);
        _partner = _host.As(DemoPeople.Partner);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IIssueRepository Issues => _host.Issues;

    private async Task<JsonObject> StartAsync(CardClient? client = null) =>
        CardClient.CardOf(await (client ?? _partner).InvokeAsync("signaler", []));

    private async Task<JsonObject> SummaryAsync()
    {
        var danger = await StartAsync();
        var place = await _partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
        var facts = await _partner.ClickAsync(place, "signaler-lieu", ValidPlace);
        return await _partner.ClickAsync(facts, "signaler-faits", ValidFacts);
    }

    [Fact]
    public async Task Typing_signaler_opens_the_danger_question()
    {
        var activity = TeamsActivities.Personal(_host.Connector.ServiceUrl, text: "Signaler");
        var response = await _host.SendAsync(activity);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = await _host.WaitForMessageToAsync(DemoPeople.Partner, "Y a-t-il un danger immédiat ?");
        Assert.EndsWith($"/activities/{activity["id"]}", reply.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_whole_form_creates_one_issue_and_confirms_with_its_number_and_deadline()
    {
        var summary = await SummaryAsync();
        Assert.Contains("vérifiez avant d'envoyer", CardClient.AllText(summary), StringComparison.Ordinal);
        Assert.Contains("Un groupe occupe le hall chaque soir", CardClient.AllText(summary), StringComparison.Ordinal);

        var confirmation = await _partner.ClickAsync(summary, "signaler-envoyer");

        var text = CardClient.AllText(confirmation);
        var title = confirmation["body"]![0]!["text"]!.GetValue<string>();
        Assert.Matches(@"^Signalement 05-\d{4}-\d{4} envoyé$", title);
        var number = IssueNumber.Parse(title["Signalement ".Length..^" envoyé".Length]);
        var stored = await Issues.GetAsync("gap-hyper-centre", number, CancellationToken.None);
        Assert.NotNull(stored);
        var expectedDeadline = ParisTime.DateOf(stored.Issue.CreatedAt).AddDays(30);
        Assert.Equal(expectedDeadline, stored.Issue.Deadline);
        Assert.Contains(FrenchDateFormat.ByDate(expectedDeadline), text, StringComparison.Ordinal);
        Assert.Equal("occupation-parties-communes", stored.Issue.CategoryId);
        Assert.Equal("halls", stored.Issue.SubCategoryId);
        Assert.Equal(TimeOfDay.Evening, stored.Issue.TimeOfDay);
        Assert.Equal(IssueFrequency.Weekly, stored.Issue.Frequency);
        Assert.Equal("Hall A, près des boîtes aux lettres", stored.Issue.Site.Detail);
    }

    [Fact]
    public async Task The_root_card_is_posted_once_in_the_sector_channel_mentioning_the_referent()
    {
        var summary = await SummaryAsync();
        for (var i = 0; i < 3; i++)
        {
            await _partner.ClickAsync(summary, "signaler-envoyer");
        }

        var posts = await WaitForChannelPostsAsync(1);
        await Task.Delay(1500);
        var post = Assert.Single(_host.Connector.Requests, r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.Equal("19:gap-hyper-centre@thread.tacv2", post.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        var card = post.Body["activity"]!["attachments"]![0]!["content"]!;
        Assert.Contains("<at>Lieutenant Julien Arnaud</at>", CardClient.AllText(card), StringComparison.Ordinal);
        Assert.Equal(DemoPeople.Julien, card["msteams"]!["entities"]![0]!["mentioned"]!["id"]!.GetValue<string>());

        var mine = await Issues.ListByReporterAsync(DemoPeople.Partner, 50, CancellationToken.None);
        var issue = Assert.Single(mine, i => i.Description.StartsWith("Un groupe occupe le hall", StringComparison.Ordinal));
        // The thread is stored on the issue once posted (reminders reply in it).
        var deadline = DateTime.UtcNow + BotTestHost.DefaultWait;
        Issue? withThread = null;
        while (DateTime.UtcNow < deadline && withThread?.Thread is null)
        {
            withThread = (await Issues.GetAsync(issue.SectorId, issue.Number, CancellationToken.None))!.Issue;
            await Task.Delay(100);
        }
        Assert.NotNull(withThread?.Thread);
        Assert.StartsWith("19:gap-hyper-centre@thread.tacv2;messageid=", withThread.Thread.ConversationId, StringComparison.Ordinal);
        Assert.Single(posts);
    }

    private async Task<IReadOnlyList<ConnectorRequest>> WaitForChannelPostsAsync(int count)
    {
        var deadline = DateTime.UtcNow + BotTestHost.DefaultWait;
        while (DateTime.UtcNow < deadline)
        {
            var posts = _host.Connector.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)).ToList();
            if (posts.Count >= count)
            {
                return posts;
            }
            await Task.Delay(50);
        }
        return [];
    }

    [Fact]
    public async Task Sending_the_same_card_again_says_it_was_already_sent_and_creates_nothing_more()
    {
        var summary = await SummaryAsync();
        var first = await _partner.ClickAsync(summary, "signaler-envoyer");
        var second = await _partner.ClickAsync(summary, "signaler-envoyer");
        Assert.Equal(first["body"]![0]!["text"]!.GetValue<string>(), second["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("avait déjà été envoyé", CardClient.AllText(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yes_to_immediate_danger_shows_the_emergency_numbers_and_creates_nothing()
    {
        var before = await Issues.ListByReporterAsync(DemoPeople.Partner, 100, CancellationToken.None);
        var danger = await StartAsync();
        var emergency = await _partner.ClickAsync(danger, "signaler-danger", title: "Oui, il y a un danger maintenant");
        var text = CardClient.AllText(emergency);
        Assert.Contains("17", text, StringComparison.Ordinal);
        Assert.Contains("112", text, StringComparison.Ordinal);
        Assert.Contains("masecurite.interieur.gouv.fr", text, StringComparison.Ordinal);
        Assert.Contains("Aucun signalement n'a été créé.", text, StringComparison.Ordinal);
        var after = await Issues.ListByReporterAsync(DemoPeople.Partner, 100, CancellationToken.None);
        Assert.Equal(before.Count, after.Count);
    }

    [Fact]
    public async Task Someone_who_is_not_a_partner_is_told_how_to_join_and_nothing_is_stored()
    {
        var stranger = _host.As(DemoPeople.Stranger);
        var refused = (await stranger.InvokeAsync("signaler", []))["value"]!.GetValue<string>();
        Refusals.AssertRefused(refused);
        Assert.Contains("adressez-vous à l'administrateur", refused, StringComparison.Ordinal);

        // Even a forged final submit is refused.
        var forged = new JsonObject { ["formVersion"] = "1", ["draftId"] = Guid.NewGuid().ToString() };
        foreach (var (k, v) in ValidPlace.Concat(ValidFacts))
        {
            forged[k] = v;
        }
        Refusals.AssertRefused((await stranger.InvokeAsync("signaler-envoyer", forged))["value"]!.GetValue<string>());
        Assert.Empty(await Issues.ListByReporterAsync(DemoPeople.Stranger, 10, CancellationToken.None));
    }

    public static TheoryData<string, string, string> PlaceErrors => new()
    {
        { "secteur", "", "Choisissez le secteur concerné." },
        { "secteur", "briancon-hyper-centre", "Ce secteur ne fait pas partie de ceux de votre organisation" },
        { "secteur", "secteur-invente", "Ce secteur ne fait pas partie de ceux de votre organisation" },
        { "categorie", "", "Choisissez le type de problème." },
        { "categorie", "vols/inventee", "Ce type de problème n'existe pas" },
        { "categorie", "vols", "Ce type de problème n'existe pas" },
        { "lieu", "", "Choisissez un lieu dans la liste" },
        { "lieu", "briancon-grande-rue", "Ce lieu n'appartient pas au secteur choisi" },
        { "precision", new string('p', 301), "La précision ne doit pas dépasser 300 caractères" },
    };

    [Theory]
    [MemberData(nameof(PlaceErrors))]
    public async Task A_wrong_place_value_brings_the_same_step_back_with_the_message_and_every_value_kept(string field, string value, string message)
    {
        var danger = await StartAsync();
        var place = await _partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
        var typed = ValidPlace;
        typed[field] = value;

        var again = await _partner.ClickAsync(place, "signaler-lieu", typed);

        Assert.StartsWith(message, CardClient.Errors(again)[field], StringComparison.Ordinal);
        Assert.Single(CardClient.Errors(again));
        var inputs = CardClient.Inputs(again);
        foreach (var (key, typedValue) in typed)
        {
            Assert.Equal(typedValue, inputs[key]);
        }
    }

    [Fact]
    public async Task Another_address_is_required_when_the_site_is_not_in_the_list()
    {
        var danger = await StartAsync();
        var place = await _partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
        var typed = ValidPlace;
        typed["lieu"] = "autre";
        typed["adresse"] = "";
        var again = await _partner.ClickAsync(place, "signaler-lieu", typed);
        Assert.Equal("Indiquez l'adresse du problème.", CardClient.Errors(again)["adresse"]);

        typed["adresse"] = "14 rue Saint-Arey, Gap";
        var facts = await _partner.ClickAsync(again, "signaler-lieu", typed);
        Assert.Contains("quand et comment", CardClient.AllText(facts), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> FactErrors => new()
    {
        { "date", "", "Indiquez la date de la dernière fois" },
        { "date", "2026-02-30", "Cette date n'est pas valide" },
        { "date", "demain", "Cette date n'est pas valide" },
        { "date", ParisTime.DateOf(TestClock.DefaultStart).AddDays(1).ToString("yyyy-MM-dd"), "Cette date est dans le futur" },
        { "date", "2019-01-01", "Cette date a plus de 2 ans" },
        { "moment", "", "Choisissez le moment de la journée." },
        { "moment", "minuit", "Choisissez le moment de la journée." },
        { "frequence", "parfois", "Choisissez la fréquence." },
        { "description", "court", "Décrivez le problème en au moins 10 caractères." },
        { "description", new string('d', 2001), "La description ne doit pas dépasser 2000 caractères" },
        { "consequences", new string('c', 2001), "Ce texte ne doit pas dépasser 2000 caractères" },
    };

    [Theory]
    [MemberData(nameof(FactErrors))]
    public async Task A_wrong_fact_brings_the_same_step_back_with_the_message_and_every_value_kept(string field, string value, string message)
    {
        var danger = await StartAsync();
        var place = await _partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
        var facts = await _partner.ClickAsync(place, "signaler-lieu", ValidPlace);
        var typed = ValidFacts;
        typed[field] = value;

        var again = await _partner.ClickAsync(facts, "signaler-faits", typed);

        Assert.StartsWith(message, CardClient.Errors(again)[field], StringComparison.Ordinal);
        var inputs = CardClient.Inputs(again);
        foreach (var (key, typedValue) in typed)
        {
            Assert.Equal(typedValue, inputs[key]);
        }
        // The values of the previous step travel in the card's action data.
        var next = CardClient.Actions(again).First(a => a["verb"]!.GetValue<string>() == "signaler-faits");
        Assert.Equal("gap-residence-les-cedres-hall-a", next["data"]!["lieu"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_forged_final_submit_with_wrong_types_is_refused_on_the_card_and_creates_nothing()
    {
        var before = (await Issues.ListByReporterAsync(DemoPeople.Partner, 100, CancellationToken.None)).Count;
        var forged = new JsonObject
        {
            ["formVersion"] = "1",
            ["draftId"] = Guid.NewGuid().ToString(),
            ["secteur"] = "gap-hyper-centre",
            ["categorie"] = new JsonArray(1, 2),
            ["lieu"] = 42,
            ["date"] = Today,
            ["moment"] = true,
            ["frequence"] = "chaque-semaine",
            ["description"] = new JsonObject { ["x"] = "y" },
        };
        var card = CardClient.CardOf(await _partner.InvokeAsync("signaler-envoyer", forged));
        var errors = CardClient.Errors(card);
        Assert.Contains("categorie", errors.Keys);
        Assert.Contains("lieu", errors.Keys);
        Assert.Equal(before, (await Issues.ListByReporterAsync(DemoPeople.Partner, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_card_from_an_older_version_of_the_form_is_answered_clearly()
    {
        var card = CardClient.CardOf(await _partner.InvokeAsync("signaler-lieu", new JsonObject { ["formVersion"] = "0" }));
        Assert.Contains("Ce formulaire n'est plus à jour", CardClient.AllText(card), StringComparison.Ordinal);
        Assert.Contains(CardClient.Actions(card), a => a["verb"]!.GetValue<string>() == "signaler");
    }

    [Fact]
    public async Task Markdown_and_mentions_typed_by_the_partner_stay_inert_in_the_channel_card()
    {
        var danger = await StartAsync();
        var place = await _partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
        var facts = await _partner.ClickAsync(place, "signaler-lieu", ValidPlace);
        var typed = ValidFacts;
        typed["description"] = "<at>Commissaire</at> **URGENT** [cliquez](http://exemple.invalid) ";
        var summary = await _partner.ClickAsync(facts, "signaler-faits", typed);
        await _partner.ClickAsync(summary, "signaler-envoyer");

        var post = (await WaitForChannelPostsAsync(1)).Single(p => p.Body!.ToJsonString().Contains("URGENT", StringComparison.Ordinal));
        var card = CardClient.AllText(post.Body!["activity"]!["attachments"]![0]!["content"]!);
        Assert.DoesNotContain("<at>Commissaire</at>", card, StringComparison.Ordinal);
        Assert.Contains("‹at›Commissaire‹/at›", card, StringComparison.Ordinal);
        // The partner's text sits in a TextRun, which renders no Markdown.
        Assert.Contains("\"type\":\"TextRun\",\"text\":\"‹at›Commissaire‹/at› **URGENT**", card, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\":\"TextBlock\",\"text\":\"‹at›", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Likely_personal_data_is_flagged_on_the_summary_and_can_still_be_sent_or_edited()
    {
        var danger = await StartAsync();
        var place = await _partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
        var facts = await _partner.ClickAsync(place, "signaler-lieu", ValidPlace);
        var typed = ValidFacts;
        typed["description"] = "M. Dupont du 3e étage laisse entrer des inconnus, appelez-le au 06 12 34 56 78.";

        var summary = await _partner.ClickAsync(facts, "signaler-faits", typed);

        var text = CardClient.AllText(summary);
        Assert.Contains("\"id\":\"donnees-personnelles\"", text, StringComparison.Ordinal);
        Assert.Contains("numéro de téléphone", text, StringComparison.Ordinal);
        Assert.Contains("M. Dupont", text, StringComparison.Ordinal);
        Assert.Contains(CardClient.Actions(summary), a => a["verb"]!.GetValue<string>() == "signaler-modifier");
        Assert.Contains(CardClient.Actions(summary), a => a["verb"]!.GetValue<string>() == "signaler-envoyer");
    }

    [Fact]
    public async Task A_plain_description_gets_no_personal_data_warning()
    {
        var summary = await SummaryAsync();
        Assert.DoesNotContain("donnees-personnelles", CardClient.AllText(summary), StringComparison.Ordinal);
    }
}
