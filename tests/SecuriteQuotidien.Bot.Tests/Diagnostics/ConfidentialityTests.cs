using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Testing;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>
/// Police-only notes, police actions and restricted-category issues never reach a partner: every card a partner
/// can get from the diagnostics feature is collected through the bot and searched for distinctive markers.
/// </summary>
public sealed class ConfidentialityTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string NoteMarker = "MARQUEUR-NOTE-POLICE-7731";
    private const string PoliceActionMarker = "MARQUEUR-ACTION-POLICE-4410";

    private DiagnosticHost _host = null!;

    public async Task InitializeAsync() => _host = await DiagnosticHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task No_partner_visible_card_contains_a_police_note_a_police_action_or_a_restricted_issue()
    {
        var shared = await _host.SeedPastIssueAsync(daysAgo: 4);
        var restricted = await _host.SeedPastIssueAsync("trafic-stupefiants", daysAgo: 3);
        var diagnostic = await _host.OpenAsync("Hall A et abords", shared, restricted);
        Assert.Equal(2, diagnostic.LinkedIssues.Count);
        var client = _host.As(GapReferent);
        var note = await client.ClickAsync(await _host.CardAsync(diagnostic), ActionIds.Diagnostic.Note);
        await client.ClickAsync(note, ActionIds.Diagnostic.NoteSubmit, new Dictionary<string, string> { [DiagnosticFields.NoteText] = NoteMarker });
        await _host.AddActionAsync(diagnostic, PoliceActionMarker, DiagnosticAction.PoliceOwner, _host.Today.AddDays(1));
        await _host.AddActionAsync(diagnostic, "Afficher les horaires du gardien", PartnerOrganisation, _host.Today.AddDays(1));
        var evaluation = await client.ClickAsync(await _host.CardAsync(await _host.ReadAsync(diagnostic)), ActionIds.Diagnostic.Evaluation);
        await client.ClickAsync(evaluation, ActionIds.Diagnostic.EvaluationSubmit, new Dictionary<string, string> { [DiagnosticFields.Method] = "enquete-partenaires" });
        await _host.Sweep.RunOnceAsync(CancellationToken.None);

        var partnerCards = new Dictionary<string, JsonNode>
        {
            ["mes actions"] = (await _host.SayInPersonalChatAsync("mes actions")).Card!,
            ["diagnostics (partenaire)"] = (await _host.SayInPersonalChatAsync("diagnostics")).Card!,
            ["enquête"] = (await _host.WaitForPartnerMessageAsync("Enquête")).Card!,
            ["rappel"] = (await _host.WaitForPartnerMessageAsync("Rappel")).Card!,
            ["ordre du jour partenaires"] = (await _host.SayInChannelAsync("ordre du jour partenaires")).Card!,
        };
        var list = (JsonObject)partnerCards["mes actions"];
        var form = await _host.ClickBodyButtonAsync(Camille, list, ActionIds.DiagnosticPartner.Done);
        partnerCards["marquer comme fait"] = form;
        partnerCards["après marquer comme fait"] = await _host.As(Camille).ClickAsync(form, ActionIds.DiagnosticPartner.DoneSubmit,
            new Dictionary<string, string> { [DiagnosticFields.Comment] = "Horaires affichés." });
        partnerCards["merci (enquête)"] = await _host.ClickBodyButtonAsync(Camille, (JsonObject)partnerCards["enquête"], ActionIds.DiagnosticPartner.SurveyAnswer, "Un peu améliorée");
        var agendaAgain = (JsonObject)(await _host.SayInChannelAsync("ordre du jour")).Card!;
        partnerCards["ordre du jour partenaires (bouton)"] = await _host.ClickBodyButtonAsync(GapReferent, agendaAgain, ActionIds.Meeting.Agenda, "Version partenaires");

        foreach (var (name, card) in partnerCards)
        {
            var text = CardClient.AllText(card);
            Assert.True(!text.Contains(NoteMarker, StringComparison.Ordinal), $"{name} shows the police note.");
            Assert.True(!text.Contains(PoliceActionMarker, StringComparison.Ordinal), $"{name} shows the police action.");
            Assert.True(!text.Contains(restricted.Number.ToString(), StringComparison.Ordinal), $"{name} shows the restricted issue.");
            Assert.True(!text.Contains("stupéfiants", StringComparison.OrdinalIgnoreCase), $"{name} names the restricted category.");
        }
        // The data set is real: the police see all of it.
        var police = CardClient.AllText(await _host.CardAsync(await _host.ReadAsync(diagnostic)));
        Assert.Contains(NoteMarker, police, StringComparison.Ordinal);
        Assert.Contains(PoliceActionMarker, police, StringComparison.Ordinal);
        Assert.Contains(restricted.Number.ToString(), police, StringComparison.Ordinal);
        Assert.Contains(restricted.Number.ToString(), CardClient.AllText(agendaAgain), StringComparison.Ordinal);
        Assert.Contains("Afficher les horaires du gardien", CardClient.AllText(partnerCards["mes actions"]), StringComparison.Ordinal);
    }
}
