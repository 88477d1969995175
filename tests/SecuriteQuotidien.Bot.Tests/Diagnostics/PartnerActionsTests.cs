using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Testing;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>« mes actions », "Marquer comme fait" and the action reminders, from the partner's side.</summary>
public sealed class PartnerActionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private DiagnosticHost _host = null!;

    public async Task InitializeAsync() => _host = await DiagnosticHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<Diagnostic> PlanAsync()
    {
        var diagnostic = await _host.OpenAsync("Hall A", await _host.SeedPastIssueAsync());
        await _host.AddActionAsync(diagnostic, "Changer la serrure du hall A", PartnerOrganisation, _host.Today.AddDays(14));
        await _host.AddActionAsync(diagnostic, "Repeindre la cage d'escalier", OtherPartnerOrganisation, _host.Today.AddDays(30));
        await _host.AddActionAsync(diagnostic, "Patrouilles ciblées", DiagnosticAction.PoliceOwner, _host.Today.AddDays(7));
        return await _host.ReadAsync(diagnostic);
    }

    [Fact]
    public async Task Mes_actions_lists_only_the_actions_of_the_partners_organisation_and_marking_one_done_updates_the_channel_card()
    {
        var diagnostic = await PlanAsync();
        var location = await _host.CardLocationAsync(diagnostic);

        var list = (JsonObject)(await _host.SayInPersonalChatAsync("mes actions")).Card!;
        var text = CardClient.AllText(list);
        Assert.Contains("Changer la serrure du hall A", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Repeindre la cage d'escalier", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Patrouilles ciblées", text, StringComparison.Ordinal);

        var form = await _host.ClickBodyButtonAsync(Camille, list, ActionIds.DiagnosticPartner.Done);
        var empty = await _host.As(Camille).ClickAsync(form, ActionIds.DiagnosticPartner.DoneSubmit, new Dictionary<string, string> { [DiagnosticFields.Comment] = "" });
        Assert.Equal("Dites en quelques mots ce qui a été fait.", CardClient.Errors(empty)[DiagnosticFields.Comment]);
        var done = await _host.As(Camille).ClickAsync(form, ActionIds.DiagnosticPartner.DoneSubmit,
            new Dictionary<string, string> { [DiagnosticFields.Comment] = "Serrure changée le matin même." });

        Assert.Contains("Action A1 marquée comme faite. Merci !", CardClient.AllText(done), StringComparison.Ordinal);
        var action = (await _host.ReadAsync(diagnostic)).FindAction("A1")!;
        Assert.Equal(ActionStatus.Done, action.Status);
        Assert.Equal(Camille, action.DoneBy);
        Assert.Equal("Serrure changée le matin même.", action.DoneComment);
        await _host.WaitForCardUpdateAsync(location.RootActivityId, "Serrure changée le matin même.");
    }

    [Fact]
    public async Task A_partner_cannot_mark_another_organisations_action_or_a_police_action_and_nothing_changes()
    {
        var diagnostic = await PlanAsync();

        foreach (var actionId in new[] { "A2", "A3" })
        {
            var data = DiagnosticRef.Of(diagnostic).ToData(actionId);
            data[DiagnosticFields.Comment] = "Fait.";
            var refused = await _host.As(Camille).InvokeAsync(ActionIds.DiagnosticPartner.DoneSubmit, data);
            Refusals.AssertRefused(refused["value"]!.GetValue<string>());
        }
        var police = await _host.As(GapReferent).InvokeAsync(ActionIds.DiagnosticPartner.DoneSubmit, DiagnosticRef.Of(diagnostic).ToData("A1"));
        Refusals.AssertRefused(police["value"]!.GetValue<string>());
        var stored = await _host.ReadAsync(diagnostic);
        Assert.Equal(diagnostic.Version, stored.Version);
        Assert.All(stored.Actions, a => Assert.Equal(ActionStatus.ToDo, a.Status));
    }

    [Fact]
    public async Task A_stale_mark_done_click_shows_the_current_actions_and_changes_nothing()
    {
        var diagnostic = await PlanAsync();
        var list = (JsonObject)(await _host.SayInPersonalChatAsync("mes actions")).Card!;
        var form = await _host.ClickBodyButtonAsync(Camille, list, ActionIds.DiagnosticPartner.Done);
        await _host.AddActionAsync(diagnostic, "Une autre action", PartnerOrganisation, _host.Today.AddDays(3));

        var stale = await _host.As(Camille).ClickAsync(form, ActionIds.DiagnosticPartner.DoneSubmit,
            new Dictionary<string, string> { [DiagnosticFields.Comment] = "Fait." });

        Assert.Contains("Ce diagnostic a changé entre-temps", CardClient.AllText(stale), StringComparison.Ordinal);
        Assert.Equal(ActionStatus.ToDo, (await _host.ReadAsync(diagnostic)).FindAction("A1")!.Status);
    }

    [Fact]
    public async Task An_action_reminder_is_sent_once_to_the_owners_people_before_its_due_date()
    {
        var diagnostic = await _host.OpenAsync("Hall A", await _host.SeedPastIssueAsync());
        await _host.AddActionAsync(diagnostic, "Afficher le règlement intérieur", PartnerOrganisation, _host.Today.AddDays(5));
        await _host.AddActionAsync(diagnostic, "Action lointaine", PartnerOrganisation, _host.Today.AddDays(40));

        var first = await _host.Sweep.RunOnceAsync(CancellationToken.None);
        var second = await _host.Sweep.RunOnceAsync(CancellationToken.None);

        Assert.True(first.Leader);
        Assert.Equal(1, first.Reminders);
        Assert.Equal(0, second.Reminders);
        var reminder = await _host.WaitForPartnerMessageAsync("Afficher le règlement intérieur");
        Assert.Contains("arrive à échéance dans 5 jours", CardClient.AllText(reminder.Body!), StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(_host.PartnerMessagesContaining("Afficher le règlement intérieur"));
        Assert.Empty(_host.PartnerMessagesContaining("Action lointaine"));
        var key = OutboxKeys.DiagnosticActionReminder(diagnostic.Number, (await _host.ReadAsync(diagnostic)).FindAction("A1")!, 7, Camille);
        Assert.NotNull(await _host.Outbox.GetAsync(key, CancellationToken.None));
    }

    [Theory]
    [InlineData(10, null)]
    [InlineData(7, 7)]
    [InlineData(5, 7)]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    [InlineData(-1, null)]
    public void The_reminder_stage_is_the_smallest_configured_day_not_yet_passed(int daysLeft, int? expected)
    {
        var today = new DateOnly(2026, 11, 20);
        Assert.Equal(expected, DiagnosticSweep.StageOf(today.AddDays(daysLeft), today, [7, 1]));
    }
}
