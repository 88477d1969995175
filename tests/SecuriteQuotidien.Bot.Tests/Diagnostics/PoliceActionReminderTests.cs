using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Diagnostics;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Testing;
using static SecuriteQuotidien.Testing.DemoPeople;

namespace SecuriteQuotidien.Bot.Tests.Diagnostics;

/// <summary>Reminders of police-owned actions: in the sector channel, mentioning the referent and the deputy.</summary>
public sealed class PoliceActionReminderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Heading = "Rappel : une action de la police du diagnostic";

    private DiagnosticHost _host = null!;

    public async Task InitializeAsync() => _host = await DiagnosticHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IReadOnlyList<ConnectorRequest> RemindersContaining(string text) =>
        [.. _host.Connector.Requests.Where(r => r.Method == "POST" && r.Body is not null
            && CardClient.AllText(r.Body).Contains(Heading, StringComparison.Ordinal)
            && CardClient.AllText(r.Body).Contains(text, StringComparison.Ordinal))];

    [Fact]
    public async Task A_police_action_is_reminded_once_per_stage_in_the_diagnostic_thread_with_the_referent_and_deputy_mentioned_and_a_done_one_is_not()
    {
        var diagnostic = await _host.OpenAsync("Hall A", await _host.SeedPastIssueAsync());
        var location = await _host.CardLocationAsync(diagnostic);
        await _host.AddActionAsync(diagnostic, "Patrouilles ciblées le soir", DiagnosticAction.PoliceOwner, _host.Today.AddDays(5));
        await _host.AddActionAsync(diagnostic, "Contrôle des caves", DiagnosticAction.PoliceOwner, _host.Today.AddDays(1));
        var card = await _host.CardAsync(await _host.ReadAsync(diagnostic));
        var form = await _host.As(GapReferent).ClickAsync(card, ActionIds.Diagnostic.UpdateAction);
        await _host.As(GapReferent).ClickAsync(form, ActionIds.Diagnostic.UpdateActionSubmit, new Dictionary<string, string>
        {
            [DiagnosticFields.ActionId] = "A2",
            [DiagnosticFields.ActionStatus] = "fait",
            [DiagnosticFields.Comment] = "Caves contrôlées avec le bailleur.",
        });
        Assert.True((await _host.ReadAsync(diagnostic)).FindAction("A2")!.IsDone);

        var first = await _host.Sweep.RunOnceAsync(CancellationToken.None);
        var second = await _host.Sweep.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, first.Reminders);
        Assert.Equal(0, second.Reminders);
        var reminder = await _host.WaitForRequestAsync(r => r.Method == "POST" && r.Path.EndsWith($"/activities/{location.RootActivityId}", StringComparison.Ordinal)
            && r.Body is not null && CardClient.AllText(r.Body).Contains("Action A1 :", StringComparison.Ordinal), "the police reminder in the thread");
        var text = CardClient.AllText(reminder.Body!);
        // The sector channel counts partners: a police action's text stays in the police view of the diagnostic.
        Assert.DoesNotContain("Patrouilles ciblées le soir", text, StringComparison.Ordinal);
        Assert.Contains($"{Heading} {diagnostic.Number} arrive à échéance dans 5 jours", text, StringComparison.Ordinal);
        Assert.Contains("Référent : <at>Lieutenant Julien Arnaud</at>", text, StringComparison.Ordinal);
        var mentioned = reminder.Card!["msteams"]!["entities"]!.AsArray().Select(e => e!["mentioned"]!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([GapReferent, GapDeputy], mentioned);
        var open = CardClient.Button((JsonObject)reminder.Card!, ActionIds.Diagnostic.Refresh);
        Assert.Equal(diagnostic.Number.ToString(), open["data"]![DiagnosticRef.NumberField]!.GetValue<string>());

        await Task.Delay(500);
        Assert.Single(RemindersContaining("Action A1 :"));
        Assert.Empty(RemindersContaining("Contrôle des caves"));
        Assert.Empty(_host.PartnerMessagesContaining("Patrouilles ciblées le soir"));
        var action = (await _host.ReadAsync(diagnostic)).FindAction("A1")!;
        Assert.NotNull(await _host.Outbox.GetAsync(OutboxKeys.DiagnosticPoliceReminder(diagnostic.Number, action, 7), CancellationToken.None));
    }

    [Fact]
    public async Task Before_the_diagnostic_card_is_posted_the_police_reminder_is_a_new_post_in_the_sector_channel()
    {
        var referent = new DiagnosticActor(GapReferent, _host.Directory.RolesOf(GapReferent));
        var now = _host.Now;
        var created = await _host.Diagnostics.CreateAsync(DemoDepartment.GapCentre, "sans-carte", now,
            number => Diagnostic.Open(number, DemoDepartment.GapCentre, "Sans carte", [], DiagnosticTemplate.Empty, referent, now), CancellationToken.None);
        var number = created.Stored.Diagnostic.Number;
        await _host.Diagnostics.ApplyAsync(DemoDepartment.GapCentre, number,
            d => d.AddAction(referent, d.Version, now, "Réunion avec le bailleur", DiagnosticAction.PoliceOwner, _host.Today.AddDays(1)), CancellationToken.None);

        var first = await _host.Sweep.RunOnceAsync(CancellationToken.None);
        var second = await _host.Sweep.RunOnceAsync(CancellationToken.None);

        Assert.Equal((1, 0), (first.Reminders, second.Reminders));
        var post = await _host.WaitForRequestAsync(r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
            && r.Body is not null && CardClient.AllText(r.Body).Contains(Heading, StringComparison.Ordinal), "the police reminder as a new post");
        Assert.DoesNotContain("Réunion avec le bailleur", CardClient.AllText(post.Body!), StringComparison.Ordinal);
        Assert.Contains($"{Heading} {number} arrive à échéance demain", CardClient.AllText(post.Body!), StringComparison.Ordinal);
        Assert.Contains("gap-hyper-centre@thread.tacv2", post.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(await _host.CardLocations.GetAsync(DemoDepartment.GapCentre, number, CancellationToken.None));
        await Task.Delay(500);
        Assert.Single(RemindersContaining("Action A1 :"));
    }
}
