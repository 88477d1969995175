using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Bot.Worklist;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Worklist;

/// <summary>« mes dossiers », « dossier », « chercher » through /api/messages over Azurite, with the refusals.</summary>
public sealed class WorklistTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<Issue> SeedAsync(int daysLeft, string sector = DemoDepartment.GapCentre, string description = "Un groupe occupe le hall chaque soir.",
        string reporter = DemoPeople.Partner) =>
        _host.SeedIssueAsync(sector: sector, reporter: reporter, description: description,
            shape: i => i with { Deadline = _host.Today.AddDays(daysLeft) });

    private async Task<Issue> ApplyAsync(Issue issue, Func<Issue, IssueChange> transition) =>
        (await _host.Issues.ApplyAsync(issue.SectorId, issue.Number, transition, CancellationToken.None))!.Value.Issue;

    private async Task<JsonObject> TypeAsync(string text, string objectId) =>
        (JsonObject)((await _host.SayInPersonalChatAsync(text, objectId)).Card
            ?? throw new InvalidOperationException($"« {text} » got no card"));

    /// <summary>The issue numbers of a list's lines (their tap opens the issue), in card order.</summary>
    private static List<string> Lines(JsonObject card) =>
        [.. (card["body"]?.AsArray() ?? []).OfType<JsonObject>().Select(e => e["selectAction"]).OfType<JsonObject>()
            .Select(a => a["data"]![IssueRef.NumberField]!.GetValue<string>())];

    private static JsonObject LineAction(JsonObject card, Issue issue) =>
        (card["body"]!.AsArray()).OfType<JsonObject>().Select(e => e["selectAction"]).OfType<JsonObject>()
            .Single(a => a["data"]![IssueRef.NumberField]!.GetValue<string>() == issue.Number.ToString());

    private static List<string> ButtonTitles(JsonObject card) => [.. CardClient.Actions(card).Select(a => a["title"]!.GetValue<string>())];

    private static string? MessageOf(JsonObject invokeResponse) =>
        invokeResponse["value"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [Fact]
    public async Task Mes_dossiers_lists_the_open_issues_of_the_referents_sector_by_urgency_and_a_line_opens_the_police_card_with_its_actions()
    {
        var inThree = await SeedAsync(3);
        var late = await SeedAsync(-1);
        var acknowledged = await ApplyAsync(await SeedAsync(1), i => i.Acknowledge(DemoPeople.GapReferent, _host.Now));
        var answered = await ApplyAsync(await SeedAsync(10), i => i.EngageResponse(DemoPeople.GapReferent, _host.Now, "Patrouilles le soir."));
        var closed = await ApplyAsync(await SeedAsync(5), i => i.Close(DemoPeople.GapReferent, _host.Now, IssueOutcome.Resolved, "Réglé."));
        var otherSector = await SeedAsync(2, sector: DemoDepartment.BrianconCentre, reporter: DemoPeople.Karim);

        var card = await TypeAsync("mes dossiers", DemoPeople.GapReferent);

        // Late first, then by days left; the issue with a response engaged after them; closed and other sectors' issues absent.
        Assert.Equal(new[] { late, acknowledged, inThree, answered }.Select(i => i.Number.ToString()), Lines(card));
        var text = CardClient.AllText(card);
        Assert.Contains("4 signalements ouverts, dont 1 en retard", text, StringComparison.Ordinal);
        Assert.Contains($"**{late.Number}** · 1 jour de retard · nouveau", text, StringComparison.Ordinal);
        Assert.Contains($"**{acknowledged.Number}** · 1 jour restant · pris en compte", text, StringComparison.Ordinal);
        Assert.Contains($"**{inThree.Number}** · 3 jours restants · nouveau", text, StringComparison.Ordinal);
        Assert.Contains($"**{answered.Number}** · réponse ciblée engagée", text, StringComparison.Ordinal);
        Assert.Contains("Dernier événement : Pris en compte le 17 novembre 2026", text, StringComparison.Ordinal);
        Assert.Contains("Dernier événement : Signalement créé le 17 novembre 2026", text, StringComparison.Ordinal);
        Assert.DoesNotContain(closed.Number.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain(otherSector.Number.ToString(), text, StringComparison.Ordinal);
        // The referent is also the deputy of Gap forte densité: the sector filter offers his two sectors; fewer than a page: no pager.
        var sectors = CardClient.Descendants(card).Single(e => e["id"]?.GetValue<string>() == WorklistCards.Fields.Sector)["choices"]!.AsArray()
            .Select(c => c!["value"]!.GetValue<string>());
        Assert.Equal([WorklistFilter.All, DemoDepartment.GapCentre, DemoDepartment.GapDense], sectors);
        Assert.Empty(ButtonTitles(card));

        // The line opens the police card, and « Prendre en compte » there takes the issue in charge.
        var referent = _host.As(DemoPeople.GapReferent);
        var open = LineAction(card, inThree);
        var issueCard = CardClient.CardOf(await referent.InvokeAsync(open["verb"]!.GetValue<string>(), (JsonObject)open["data"]!.DeepClone()));
        Assert.Contains($"ignalement {inThree.Number}", CardClient.AllText(issueCard), StringComparison.Ordinal);
        await referent.ClickButtonAsync(issueCard, ActionIds.Issue.Acknowledge);
        Assert.Equal(IssueStatus.Acknowledged, (await _host.ReadAsync(inThree)).Status);
    }

    [Fact]
    public async Task Mes_dossiers_pages_by_ten_and_filters_by_state_and_by_the_sectors_the_reader_serves()
    {
        var gap = new List<Issue>();
        for (var i = 0; i < 12; i++)
        {
            gap.Add(await SeedAsync(i - 2));
        }
        var briancon = await SeedAsync(4, sector: DemoDepartment.BrianconCentre, reporter: DemoPeople.Karim);
        var referent = _host.As(DemoPeople.GapReferent);

        var first = await TypeAsync("mes dossiers", DemoPeople.GapReferent);
        Assert.Equal(gap.Take(10).Select(i => i.Number.ToString()), Lines(first));
        Assert.Equal(["Suivants"], ButtonTitles(first));
        var second = await referent.ClickAsync(first, ActionIds.Worklist.List, title: "Suivants");
        Assert.Equal(gap.Skip(10).Select(i => i.Number.ToString()), Lines(second));
        Assert.Equal(["Précédents"], ButtonTitles(second));
        Assert.Contains("Page 2 sur 2", CardClient.AllText(second), StringComparison.Ordinal);

        // « En retard »: the two issues past their deadline, nothing else.
        var lateOnly = CardClient.CardOf(await referent.InvokeAsync(ActionIds.Worklist.List,
            new JsonObject { [WorklistCards.Fields.Status] = WorklistFilter.Late }));
        Assert.Equal(gap.Take(2).Select(i => i.Number.ToString()), Lines(lateOnly));
        Assert.Contains("2 signalements ouverts, dont 2 en retard", CardClient.AllText(lateOnly), StringComparison.Ordinal);

        // A forged sector filter (a sector the referent does not serve) reads only the referent's own sector.
        var forged = CardClient.CardOf(await referent.InvokeAsync(ActionIds.Worklist.List,
            new JsonObject { [WorklistCards.Fields.Sector] = DemoDepartment.BrianconCentre }));
        Assert.DoesNotContain(briancon.Number.ToString(), Lines(forged));
        Assert.Equal(10, Lines(forged).Count);

        // The commissioner serves the department: a sector filter, and Briançon alone when chosen.
        var commissioner = await TypeAsync("mes dossiers", DemoPeople.Commissioner);
        Assert.Contains(WorklistCards.Fields.Sector, CardClient.Inputs(commissioner).Keys);
        Assert.Contains("13 signalements ouverts, dont 2 en retard", CardClient.AllText(commissioner), StringComparison.Ordinal);
        var brianconOnly = CardClient.CardOf(await _host.As(DemoPeople.Commissioner).InvokeAsync(ActionIds.Worklist.List,
            new JsonObject { [WorklistCards.Fields.Sector] = DemoDepartment.BrianconCentre, [WorklistCards.Fields.Status] = WorklistFilter.All }));
        Assert.Equal([briancon.Number.ToString()], Lines(brianconOnly));
    }

    [Fact]
    public async Task Dossier_opens_an_issue_with_the_rights_of_its_card_and_refuses_a_partner_and_a_referent_of_another_sector_alike()
    {
        var own = await SeedAsync(5, description: "Tags sur la porte du local vélos.");
        var others = await SeedAsync(5, reporter: DemoPeople.Karim, description: "Rodéos de scooters le soir.");

        // The referent of the sector: the police card, with its actions.
        var police = await TypeAsync($"dossier {own.Number}", DemoPeople.GapReferent);
        Assert.Contains($"ignalement {own.Number}", CardClient.AllText(police), StringComparison.Ordinal);
        Assert.NotNull(CardClient.Button(police, ActionIds.Issue.Acknowledge));

        // The reporting partner: her own report, in the view the card's refresh gives her (the reporter's, not the police's).
        var reporter = await TypeAsync($"dossier {own.Number}", DemoPeople.Partner);
        Assert.Contains($"ignalement {own.Number}", CardClient.AllText(reporter), StringComparison.Ordinal);
        var refreshed = CardClient.CardOf(await _host.As(DemoPeople.Partner).InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(own).ToData()));
        Assert.Equal(CardClient.AllText(refreshed), CardClient.AllText(reporter));
        var policeRefresh = CardClient.CardOf(await _host.As(DemoPeople.GapReferent).InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(own).ToData()));
        Assert.Equal(CardClient.AllText(policeRefresh), CardClient.AllText(police));

        // Another partner's report, the referent of another sector, and an unknown number: the same answer, nothing shown.
        var unknown = new IssueNumber("05", 2026, 9999).ToString();
        foreach (var (text, who) in new[] { ($"dossier {others.Number}", DemoPeople.Partner), ($"dossier {own.Number}", DemoPeople.BrianconReferent),
            ($"dossier {unknown}", DemoPeople.GapReferent) })
        {
            var reply = await _host.SayInPersonalChatAsync(text, who);
            Assert.Equal(WorklistFeature.NotFound, reply.Text);
            Assert.Null(reply.Card);
        }
        Assert.Equal(WorklistFeature.NumberNeeded, (await _host.SayInPersonalChatAsync("dossier", DemoPeople.GapReferent)).Text);

        // Opening the line's target directly (the card's refresh verb) is refused to the other sector's referent by the kernel.
        var refused = await _host.As(DemoPeople.BrianconReferent).InvokeAsync(ActionIds.Issue.Refresh,
            new JsonObject { [IssueRef.SectorField] = own.SectorId, [IssueRef.NumberField] = own.Number.ToString() });
        Refusals.AssertRefused(MessageOf(refused));
    }

    [Fact]
    public async Task Mes_dossiers_and_chercher_are_refused_to_a_partner_and_the_list_verb_too()
    {
        await SeedAsync(5);
        Refusals.AssertRefused((await _host.SayInPersonalChatAsync("mes dossiers", DemoPeople.Partner)).Text);
        Refusals.AssertRefused((await _host.SayInPersonalChatAsync("chercher hall", DemoPeople.Partner)).Text);
        Refusals.AssertRefused(MessageOf(await _host.As(DemoPeople.Partner).InvokeAsync(ActionIds.Worklist.List, [])));
    }

    [Fact]
    public async Task Chercher_finds_open_and_recently_closed_issues_of_the_readers_sectors_by_words_of_the_description_place_or_category()
    {
        var scooters = await SeedAsync(5, description: "Rodéos de scooters sur le parking chaque soir.");
        var hall = await SeedAsync(8, description: "Un groupe occupe le hall.");
        var closedRecently = await ApplyAsync(await SeedAsync(8, description: "Scooters garés devant l'entrée."),
            i => i.Close(DemoPeople.GapReferent, _host.Now, IssueOutcome.Resolved, "Réglé."));
        var closedLongAgo = await _host.SeedIssueAsync(description: "Scooters abandonnés.",
            shape: i => i with { Status = IssueStatus.Closed, Outcome = IssueOutcome.Resolved, ClosedAt = _host.Now.AddDays(-120) });
        var elsewhere = await SeedAsync(8, sector: DemoDepartment.BrianconCentre, reporter: DemoPeople.Karim, description: "Scooters sur le trottoir.");

        // Accents and case do not matter; the open issue comes before the closed one.
        var found = await TypeAsync("chercher SCOOTERS", DemoPeople.GapReferent);
        Assert.Equal([scooters.Number.ToString(), closedRecently.Number.ToString()], Lines(found));
        Assert.Contains("2 signalements trouvés", CardClient.AllText(found), StringComparison.Ordinal);
        Assert.DoesNotContain(closedLongAgo.Number.ToString(), CardClient.AllText(found), StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.Number.ToString(), CardClient.AllText(found), StringComparison.Ordinal);

        // Every word must match: the place (the demo site « Hall A ») and the category's label count.
        var both = await TypeAsync("chercher hall parties communes", DemoPeople.GapReferent);
        Assert.Contains(hall.Number.ToString(), Lines(both));
        var none = await TypeAsync("chercher hall trottinette", DemoPeople.GapReferent);
        Assert.Empty(Lines(none));
        Assert.Contains("Aucun signalement trouvé", CardClient.AllText(none), StringComparison.Ordinal);

        // The Briançon referent finds Briançon's only.
        var briancon = await TypeAsync("chercher scooters", DemoPeople.BrianconReferent);
        Assert.Equal([elsewhere.Number.ToString()], Lines(briancon));
        Assert.Equal(WorklistFeature.WordsNeeded, (await _host.SayInPersonalChatAsync("chercher", DemoPeople.GapReferent)).Text);
    }
}
