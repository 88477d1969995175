using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Meetings;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Testing;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>`ordre du jour` and `compte rendu` in the sector channel.</summary>
public sealed class MeetingKitTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private DiagnosticHost _host = null!;

    public async Task InitializeAsync() => _host = await DiagnosticHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_agenda_lists_new_overdue_and_closed_issues_open_diagnostics_and_actions_then_the_minutes_apply_decisions_and_move_its_start()
    {
        var recent = await _host.SeedPastIssueAsync(daysAgo: 3);
        var overdue = await _host.SeedPastIssueAsync("vols", "gap-rue-carnot", daysAgo: 60, shape: i => i with { Deadline = _host.Today.AddDays(-30) });
        var closed = await _host.SeedPastIssueAsync("incivilites", "gap-rue-de-france", daysAgo: 40,
            shape: i => i with { Status = IssueStatus.Closed, Outcome = IssueOutcome.Resolved, FirstResponseAt = _host.Now.AddDays(-5), ClosedAt = _host.Now.AddDays(-2) });
        var diagnostic = await _host.OpenAsync("Hall A", recent);
        await _host.AddActionAsync(diagnostic, "Changer la serrure", PartnerOrganisation, _host.Today.AddDays(10));

        var agenda = (JsonObject)(await _host.SayInChannelAsync("ordre du jour")).Card!;
        var text = CardClient.AllText(agenda);
        Assert.Contains("Ordre du jour du GPO – Gap – hyper-centre", text, StringComparison.Ordinal);
        Assert.Contains("Sur les 30 derniers jours", text, StringComparison.Ordinal);
        Assert.Contains($"Nouveaux signalements (1)", text, StringComparison.Ordinal);
        Assert.Contains($"{overdue.Number} — Vols et cambriolages — Rue Carnot", text, StringComparison.Ordinal);
        Assert.Contains($"{closed.Number} — Incivilités — Rue de France", text, StringComparison.Ordinal);
        Assert.Contains($"{diagnostic.Number} — Hall A : 0/1 actions faites", text, StringComparison.Ordinal);

        var form = await _host.ClickBodyButtonAsync(GapReferent, agenda, ActionIds.Meeting.MinutesForm);
        var recorded = await _host.As(GapReferent).ClickAsync(form, ActionIds.Meeting.MinutesSubmit, new Dictionary<string, string>
        {
            [MeetingFields.Attendees] = "Résidence Les Cèdres, Habitat Alpin, police",
            [MeetingFields.Summary] = "Point sur le hall A.",
            [MeetingFields.Decision(1, "texte")] = "Réunion des locataires",
            [MeetingFields.Decision(1, "type")] = "action",
            [MeetingFields.Decision(1, "diagnostic")] = diagnostic.Number.ToString(),
            [MeetingFields.Decision(1, "porteur")] = OtherPartnerOrganisation,
            [MeetingFields.Decision(1, "echeance")] = _host.Today.AddDays(21).ToString("yyyy-MM-dd"),
            [MeetingFields.Decision(2, "texte")] = "Suivre la piste du local vélo",
            [MeetingFields.Decision(2, "type")] = "signalement",
            [MeetingFields.Decision(2, "signalement")] = overdue.Number.ToString(),
            [MeetingFields.Decision(2, "maj")] = "note",
            [MeetingFields.Decision(3, "texte")] = "Prochaine réunion dans un mois",
        });

        var recordedText = CardClient.AllText(recorded);
        Assert.Contains($"Action A2 ajoutée au diagnostic {diagnostic.Number}.", recordedText, StringComparison.Ordinal);
        Assert.Contains($"Signalement {overdue.Number} mis à jour.", recordedText, StringComparison.Ordinal);
        Assert.Contains("Décision notée.", recordedText, StringComparison.Ordinal);
        var action = (await _host.ReadAsync(diagnostic)).FindAction("A2")!;
        Assert.Equal((OtherPartnerOrganisation, "Réunion des locataires"), (action.Owner, action.Text));
        var note = Assert.Single(await _host.Events.ListAsync(overdue.Number, partnerVisibleOnly: false, CancellationToken.None),
            e => e.Kind == IssueEventKind.NoteAdded);
        Assert.Equal(EventVisibility.PoliceOnly, note.Visibility);
        Assert.EndsWith("Suivre la piste du local vélo", note.Payload, StringComparison.Ordinal);
        var minutes = Assert.Single(await _host.Meetings.ListAsync(DemoDepartment.GapCentre, CancellationToken.None));
        Assert.All(minutes.Decisions, d => Assert.NotNull(d.AppliedAt));

        // Submitting the same minutes again applies nothing twice.
        await _host.As(GapReferent).ClickAsync(form, ActionIds.Meeting.MinutesSubmit, new Dictionary<string, string>
        {
            [MeetingFields.Decision(1, "texte")] = "Réunion des locataires",
            [MeetingFields.Decision(1, "type")] = "action",
            [MeetingFields.Decision(1, "diagnostic")] = diagnostic.Number.ToString(),
            [MeetingFields.Decision(1, "porteur")] = OtherPartnerOrganisation,
            [MeetingFields.Decision(1, "echeance")] = _host.Today.AddDays(21).ToString("yyyy-MM-dd"),
        });
        Assert.Equal(2, (await _host.ReadAsync(diagnostic)).Actions.Count);

        var next = CardClient.AllText((await _host.SayInChannelAsync("ordre du jour")).Card!);
        Assert.Contains($"Depuis la réunion du {FrenchDateFormat.Long(_host.Today)}", next, StringComparison.Ordinal);
        Assert.DoesNotContain("Nouveaux signalements", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incomplete_decision_comes_back_with_a_message_and_nothing_is_recorded()
    {
        var form = (JsonObject)(await _host.SayInChannelAsync("compte rendu")).Card!;
        var again = await _host.As(GapReferent).ClickAsync(form, ActionIds.Meeting.MinutesSubmit, new Dictionary<string, string>
        {
            [MeetingFields.Decision(1, "texte")] = "Une mise à jour sans numéro",
            [MeetingFields.Decision(1, "type")] = "signalement",
        });

        Assert.StartsWith("Pour une mise à jour, indiquez le numéro", CardClient.Errors(again)[MeetingFields.Decision(1, "texte")], StringComparison.Ordinal);
        Assert.Empty(await _host.Meetings.ListAsync(DemoDepartment.GapCentre, CancellationToken.None));
        var refused = await _host.SayInChannelAsync("compte rendu", Camille);
        Refusals.AssertRefused(refused.Text);
    }
}
