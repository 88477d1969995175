using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Meetings;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>A `compte rendu` decision that updates an issue tells the reporting partner, with partner-visible wording only.</summary>
public sealed class MeetingPartnerNoticeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private DiagnosticHost _host = null!;

    public async Task InitializeAsync() => _host = await DiagnosticHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static void Decision(Dictionary<string, string> values, int slot, Issue issue, string update, string text)
    {
        values[MeetingFields.Decision(slot, "texte")] = text;
        values[MeetingFields.Decision(slot, "type")] = "signalement";
        values[MeetingFields.Decision(slot, "signalement")] = issue.Number.ToString();
        values[MeetingFields.Decision(slot, "maj")] = update;
    }

    private async Task RecordAsync(Dictionary<string, string> values)
    {
        var form = (System.Text.Json.Nodes.JsonObject)(await _host.SayInChannelAsync("compte rendu")).Card!;
        var recorded = await _host.As(GapReferent).ClickAsync(form, ActionIds.Meeting.MinutesSubmit, values);
        Assert.DoesNotContain("Non appliquée", CardClient.AllText(recorded), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reporting_partner_gets_one_message_per_decision_with_its_text_but_nothing_for_a_police_note_or_a_restricted_issue()
    {
        var responded = await _host.SeedPastIssueAsync();
        var noted = await _host.SeedPastIssueAsync("incivilites", "gap-rue-de-france");
        var restricted = await _host.SeedPastIssueAsync("trafic-stupefiants");
        var values = new Dictionary<string, string> { [MeetingFields.MeetingDate] = _host.Today.ToString("yyyy-MM-dd") };
        Decision(values, 1, responded, "reponse", "Médiation avec les jeunes du hall, avec le bailleur");
        Decision(values, 2, noted, "note", "Piste interne du local vélo");
        Decision(values, 3, restricted, "cloture-resolu", "Point de deal démantelé");

        await RecordAsync(values);
        await RecordAsync(values);

        var message = await _host.WaitForPartnerMessageAsync("Médiation avec les jeunes du hall, avec le bailleur");
        Assert.Contains($"Une réponse ciblée a été décidée sur votre signalement {responded.Number} lors de la réunion du groupe de partenariat "
            + $"opérationnel (GPO) du {FrenchDateFormat.Long(_host.Today)}.", CardClient.AllText(message.Body!), StringComparison.Ordinal);
        var stored = await _host.Issues.GetAsync(DemoDepartment.GapCentre, restricted.Number, CancellationToken.None);
        Assert.Equal(IssueStatus.Closed, stored!.Issue.Status);
        Assert.Null(await _host.Outbox.GetAsync(OutboxKeys.FollowUp(restricted.Number, 0), CancellationToken.None));
        Assert.NotNull(await _host.Outbox.GetAsync(OutboxKeys.PartnerStep(responded.Number, $"gpo-{_host.Today:yyyyMMdd}-M1"), CancellationToken.None));

        await Task.Delay(500);
        Assert.Single(_host.PartnerMessagesContaining("Médiation avec les jeunes du hall"));
        Assert.Empty(_host.PartnerMessagesContaining("Piste interne du local vélo"));
        Assert.Empty(_host.PartnerMessagesContaining(noted.Number.ToString()));
        Assert.Empty(_host.PartnerMessagesContaining("Point de deal"));
        Assert.Empty(_host.PartnerMessagesContaining(restricted.Number.ToString()));
    }

    [Fact]
    public async Task A_closure_decided_in_meeting_tells_the_partner_the_outcome_asks_the_follow_up_later_and_is_indexed_for_retention()
    {
        var issue = await _host.SeedPastIssueAsync();
        var meeting = _host.Today.AddDays(-1);
        var values = new Dictionary<string, string> { [MeetingFields.MeetingDate] = meeting.ToString("yyyy-MM-dd") };
        Decision(values, 1, issue, "cloture-non-resolu", "Le hall reste occupé : suivi par un nouveau diagnostic");

        await RecordAsync(values);

        var message = await _host.WaitForPartnerMessageAsync("Le hall reste occupé : suivi par un nouveau diagnostic");
        Assert.Contains($"Votre signalement {issue.Number} a été clos lors de la réunion du groupe de partenariat opérationnel (GPO) du "
            + $"{FrenchDateFormat.Long(meeting)} : non résolu.", CardClient.AllText(message.Body!), StringComparison.Ordinal);
        // The follow-up question waits its delay in the outbox, as after the referent's own closure.
        var followUp = await _host.Outbox.GetAsync(OutboxKeys.FollowUp(issue.Number, 0), CancellationToken.None);
        Assert.Equal(OutboxState.Pending, followUp!.State);
        Assert.True(followUp.NextAttemptAt > _host.Now.AddDays(1));
        var closed = await _host.Get<IClosedIssueIndex>()
            .ListClosedBeforeAsync(_host.Now.AddDays(1), 100, CancellationToken.None);
        Assert.Contains(closed, e => e.Number == issue.Number);
    }
}
