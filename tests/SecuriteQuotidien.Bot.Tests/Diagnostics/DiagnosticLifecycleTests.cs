using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>Opening, editing and closing a diagnostic through /api/messages, over Azurite and the connector stand-in.</summary>
public sealed class DiagnosticLifecycleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private DiagnosticHost _host = null!;

    public async Task InitializeAsync() => _host = await DiagnosticHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_referent_opens_a_diagnostic_from_the_channel_with_a_prefilled_constat_and_its_card_is_posted_then_updated_in_place()
    {
        var issues = new[] { await _host.SeedPastIssueAsync(daysAgo: 10), await _host.SeedPastIssueAsync(daysAgo: 5), await _host.SeedPastIssueAsync("incivilites", daysAgo: 2) };

        var form = (JsonObject)(await _host.SayInChannelAsync("diagnostic nouveau")).Card!;
        var choices = CardClient.AllText(form);
        Assert.All(issues, i => Assert.Contains(i.Number.ToString(), choices, StringComparison.Ordinal));

        var diagnostic = await _host.OpenAsync("Occupation du hall A", issues);

        Assert.Equal(DemoDepartment.GapCentre, diagnostic.SectorId);
        Assert.Equal(issues.Select(i => i.Number).Order(), diagnostic.LinkedIssues.Select(l => l.Number).Order());
        Assert.StartsWith("3 signalements du ", diagnostic.Template.Constat, StringComparison.Ordinal);
        Assert.Contains("Par lieu : Résidence Les Cèdres – hall A (3).", diagnostic.Template.Constat, StringComparison.Ordinal);
        Assert.Equal(GapReferent, diagnostic.OpenedBy);
        var post = await _host.WaitForDiagnosticPostAsync(diagnostic);
        Assert.Contains("Occupation du hall A", CardClient.AllText(post.Body!), StringComparison.Ordinal);
        var location = await _host.CardLocationAsync(diagnostic);

        var due = _host.Today.AddDays(20);
        var answered = await _host.AddActionAsync(diagnostic, "Installer un éclairage dans le hall A", PartnerOrganisation, due);
        await _host.AddActionAsync(diagnostic, "Patrouilles ciblées en soirée", DiagnosticAction.PoliceOwner, _host.Today.AddDays(10));

        var stored = await _host.ReadAsync(diagnostic);
        Assert.Equal(["A1", "A2"], stored.Actions.Select(a => a.Id));
        Assert.Equal(PartnerOrganisation, stored.Actions[0].Owner);
        Assert.Equal(due, stored.Actions[0].DueDate);
        Assert.Contains("Installer un éclairage dans le hall A", CardClient.AllText(answered), StringComparison.Ordinal);
        // The channel's card is the shared view: the partner's action shows, the police action stays in the police view.
        await _host.WaitForCardUpdateAsync(location.RootActivityId, "Installer un éclairage dans le hall A");
        Assert.DoesNotContain(_host.Connector.Requests, r => r.Method == "PUT" && r.Body is not null
            && CardClient.AllText(r.Body).Contains("Patrouilles ciblées en soirée", StringComparison.Ordinal));
        Assert.Contains("Patrouilles ciblées en soirée", CardClient.AllText(await _host.CardAsync(stored)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_issue_card_button_opens_the_form_with_that_issue_selected_and_brings_the_issue_card_back()
    {
        var issue = await _host.SeedPastIssueAsync();
        var issueCard = CardClient.CardOf(await _host.As(GapReferent).InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(issue).ToData()));
        var button = CardClient.Button(issueCard, ActionIds.Diagnostic.OpenForm);

        var form = CardClient.CardOf(await _host.As(GapReferent).InvokeAsync(ActionIds.Diagnostic.OpenForm, (JsonObject)button["data"]!.DeepClone()));
        Assert.Equal(issue.Number.ToString(), CardClient.Inputs(form)[DiagnosticFields.Issues]);

        var answer = await _host.As(GapReferent).ClickAsync(form, ActionIds.Diagnostic.OpenSubmit,
            new Dictionary<string, string> { [DiagnosticFields.Title] = "Hall A" });

        var text = CardClient.AllText(answer);
        Assert.Contains($"signalement {issue.Number}", text, StringComparison.Ordinal);
        Assert.Contains("ouvert : sa carte est publiée", text, StringComparison.Ordinal);
        var diagnostic = Assert.Single(await _host.Diagnostics.ListBySectorAsync(DemoDepartment.GapCentre, CancellationToken.None)).Diagnostic;
        Assert.Equal([issue.Number], diagnostic.LinkedIssues.Select(l => l.Number));
    }

    [Fact]
    public async Task The_same_opening_form_submitted_twice_opens_one_diagnostic_and_an_empty_title_is_refused()
    {
        var form = (JsonObject)(await _host.SayInChannelAsync("diagnostic nouveau")).Card!;
        var empty = await _host.As(GapReferent).ClickAsync(form, ActionIds.Diagnostic.OpenSubmit, new Dictionary<string, string> { [DiagnosticFields.Title] = " " });
        Assert.Equal("Donnez un titre au diagnostic.", CardClient.Errors(empty)[DiagnosticFields.Title]);
        Assert.Empty(await _host.Diagnostics.ListBySectorAsync(DemoDepartment.GapCentre, CancellationToken.None));

        var typed = new Dictionary<string, string> { [DiagnosticFields.Title] = "Rue Carnot" };
        await _host.As(GapReferent).ClickAsync(form, ActionIds.Diagnostic.OpenSubmit, typed);
        await _host.As(GapReferent).ClickAsync(form, ActionIds.Diagnostic.OpenSubmit, typed);

        Assert.Single(await _host.Diagnostics.ListBySectorAsync(DemoDepartment.GapCentre, CancellationToken.None));
    }

    [Fact]
    public async Task Only_the_police_of_the_sector_edit_and_anyone_else_gets_a_french_refusal_with_nothing_changed()
    {
        var diagnostic = await _host.OpenAsync("Hall A", await _host.SeedPastIssueAsync());
        var card = await _host.CardAsync(diagnostic);

        foreach (var stranger in new[] { BrianconReferent, Camille, DemoPeople.Stranger })
        {
            var refused = await _host.As(stranger).InvokeAsync(ActionIds.Diagnostic.Close, DiagnosticRef.Of(diagnostic).ToData());
            Refusals.AssertRefused(refused["value"]!.GetValue<string>());
            var form = await _host.As(stranger).InvokeAsync(ActionIds.Diagnostic.AddAction, DiagnosticRef.Of(diagnostic).ToData());
            Refusals.AssertRefused(form["value"]!.GetValue<string>());
        }
        var channelForm = await _host.SayInChannelAsync("diagnostic nouveau", BrianconReferent);
        Assert.Equal(SectorCommandScope.NotPolice, channelForm.Text);
        Assert.Equal(diagnostic.Version, (await _host.ReadAsync(diagnostic)).Version);

        var closed = await _host.ClickBodyButtonAsync(GapDeputy, card, ActionIds.Diagnostic.Close);
        Assert.Contains("\"value\":\"Clos\"", CardClient.AllText(closed), StringComparison.Ordinal);
        Assert.Equal(DiagnosticState.Closed, (await _host.ReadAsync(diagnostic)).State);
    }

    [Fact]
    public async Task A_stale_or_replayed_click_gets_the_current_card_and_changes_nothing()
    {
        var diagnostic = await _host.OpenAsync("Hall A", await _host.SeedPastIssueAsync());
        var oldCard = await _host.CardAsync(diagnostic);
        var form = await _host.As(GapReferent).ClickAsync(oldCard, ActionIds.Diagnostic.AddAction);
        var typed = new Dictionary<string, string>
        {
            [DiagnosticFields.ActionText] = "Réunion avec le syndic",
            [DiagnosticFields.Owner] = PartnerOrganisation,
            [DiagnosticFields.DueDate] = _host.Today.AddDays(5).ToString("yyyy-MM-dd"),
        };
        await _host.As(GapReferent).ClickAsync(form, ActionIds.Diagnostic.AddActionSubmit, typed);

        var replay = await _host.As(GapReferent).ClickAsync(form, ActionIds.Diagnostic.AddActionSubmit, typed);
        var stale = await _host.ClickBodyButtonAsync(GapReferent, oldCard, ActionIds.Diagnostic.Close);

        Assert.Contains(DiagnosticCards.StaleNotice, CardClient.AllText(replay), StringComparison.Ordinal);
        Assert.Contains(DiagnosticCards.StaleNotice, CardClient.AllText(stale), StringComparison.Ordinal);
        var stored = await _host.ReadAsync(diagnostic);
        Assert.Single(stored.Actions);
        Assert.True(stored.IsOpen);
    }

    [Fact]
    public async Task Template_notes_evaluation_and_action_updates_are_recorded_and_shown()
    {
        var issue = await _host.SeedPastIssueAsync(daysAgo: 3);
        var diagnostic = await _host.OpenAsync("Hall A", issue);
        var client = _host.As(GapReferent);

        var edit = await client.ClickAsync(await _host.CardAsync(diagnostic), ActionIds.Diagnostic.Edit);
        var edited = await client.ClickAsync(edit, ActionIds.Diagnostic.EditSubmit, new Dictionary<string, string>
        {
            [DiagnosticFields.Hypotheses] = "Le hall n'est pas éclairé après 20 h.",
            [DiagnosticFields.Actors] = "Syndic, bailleur, police municipale",
        });
        var note = await client.ClickAsync(edited, ActionIds.Diagnostic.Note);
        var noted = await client.ClickAsync(note, ActionIds.Diagnostic.NoteSubmit, new Dictionary<string, string> { [DiagnosticFields.NoteText] = "Deux mineurs identifiés." });
        await _host.AddActionAsync(diagnostic, "Réparer la porte", PartnerOrganisation, _host.Today.AddDays(3));
        var update = await client.ClickAsync(await _host.CardAsync(await _host.ReadAsync(diagnostic)), ActionIds.Diagnostic.UpdateAction);
        var missingComment = await client.ClickAsync(update, ActionIds.Diagnostic.UpdateActionSubmit, new Dictionary<string, string>
        {
            [DiagnosticFields.ActionId] = "A1", [DiagnosticFields.ActionStatus] = "fait",
        });
        Assert.Equal("Dites en quelques mots ce qui a été fait.", CardClient.Errors(missingComment)[DiagnosticFields.Comment]);
        await client.ClickAsync(update, ActionIds.Diagnostic.UpdateActionSubmit, new Dictionary<string, string>
        {
            [DiagnosticFields.ActionId] = "A1", [DiagnosticFields.ActionStatus] = "en-cours",
        });
        var evaluation = await client.ClickAsync(await _host.CardAsync(await _host.ReadAsync(diagnostic)), ActionIds.Diagnostic.Evaluation);
        var evaluated = await client.ClickAsync(evaluation, ActionIds.Diagnostic.EvaluationSubmit, new Dictionary<string, string> { [DiagnosticFields.Method] = "avant-apres" });

        var stored = await _host.ReadAsync(diagnostic);
        Assert.Equal("Le hall n'est pas éclairé après 20 h.", stored.Template.Hypotheses);
        Assert.Equal("Deux mineurs identifiés.", Assert.Single(stored.PoliceNotes).Text);
        Assert.Equal(ActionStatus.InProgress, stored.Actions[0].Status);
        Assert.Equal("avant-apres", stored.Evaluation!.MethodId);
        Assert.Contains("Deux mineurs identifiés.", CardClient.AllText(noted), StringComparison.Ordinal);
        // Opened today: the before/after comparison says it is too early, on the card.
        Assert.Contains("Trop tôt pour comparer", CardClient.AllText(evaluated), StringComparison.Ordinal);
    }
}
