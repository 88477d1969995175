using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Intake;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Intake;

/// <summary>
/// The daily report quota per partner (<c>Intake:DailyReportQuota</c>, 20 by default, per Paris day on the app's
/// clock): the 21st submit is answered on the card, the form kept and nothing stored; a retry of a report already
/// sent and another partner are not affected; the next day the kept card is sent.
/// </summary>
public sealed class DailyReportQuotaTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    /// <summary>Tuesday 10 March 2026, 21:30 in Paris: late in the day, so that the quota's day is the Paris one.</summary>
    private static readonly DateTimeOffset Evening = ParisTime.At(new DateOnly(2026, 3, 10), new TimeOnly(21, 30));

    // Starts the evening before (a fake clock never goes back): the report seeded then does not count today.
    private readonly FakeTimeProvider _clock = new(Evening.AddDays(-1));
    private BotTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await BotTestHost.StartAsync(azurite, new BotTestHostOptions
        {
            Time = _clock,
            OutboxDispatcher = false,
            // The default, written out: test hosts raise it for tests that send many reports.
            Settings = new Dictionary<string, string?> { ["Intake:DailyReportQuota"] = "20" },
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_default_quota_is_20_and_the_message_agrees_in_number()
    {
        Assert.Equal(20, new IntakeQuotaOptions().DailyReportQuota);
        Assert.Equal(
            "Vous avez déjà envoyé 20 signalements aujourd'hui. Votre formulaire est conservé : vous pourrez l'envoyer demain, ou appelez le référent si c'est urgent.",
            IntakeCards.DailyQuotaReached(20));
        Assert.StartsWith("Vous avez déjà envoyé 1 signalement aujourd'hui.", IntakeCards.DailyQuotaReached(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_21st_report_of_the_day_is_kept_on_the_card_unstored_and_sent_the_next_day()
    {
        // Yesterday's report does not count; 19 of today's are already in.
        await _host.SeedIssueAsync(reporter: DemoPeople.Partner);
        _clock.Advance(TimeSpan.FromDays(1));
        for (var i = 0; i < 19; i++)
        {
            await _host.SeedIssueAsync(reporter: DemoPeople.Partner);
        }
        var partner = _host.As(DemoPeople.Partner);
        var twentieth = await SummaryAsync(partner, "Vingtième signalement du jour : le hall est encore occupé ce soir.");
        var sent = await partner.ClickAsync(twentieth, "signaler-envoyer");
        Assert.Matches(@"^Signalement \S+ envoyé$", sent["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(21, await CountAsync(DemoPeople.Partner));

        const string typed = "Vingt et unième : des tags sont apparus sur la porte du local poubelles.";
        var refused = await partner.ClickAsync(await SummaryAsync(partner, typed), "signaler-envoyer");

        var text = CardClient.AllText(refused);
        Assert.Contains(IntakeCards.DailyQuotaReached(20), text, StringComparison.Ordinal);
        Assert.Contains(typed, text, StringComparison.Ordinal);
        Assert.Equal(21, await CountAsync(DemoPeople.Partner));
        // A retry of the 20th (same draft) is not a new report: answered « déjà envoyé » as always.
        var retry = await partner.ClickAsync(twentieth, "signaler-envoyer");
        Assert.Contains("avait déjà été envoyé", CardClient.AllText(retry), StringComparison.Ordinal);
        // Another partner has a quota of their own.
        var other = await _host.As(DemoPeople.OtherPartner).ClickAsync(await SummaryAsync(_host.As(DemoPeople.OtherPartner), typed), "signaler-envoyer");
        Assert.Matches(@"^Signalement \S+ envoyé$", other["body"]![0]!["text"]!.GetValue<string>());

        // Past midnight in Paris (23:00 UTC): the kept card goes through as it is.
        _clock.Advance(TimeSpan.FromHours(3));
        var tomorrow = await partner.ClickAsync(refused, "signaler-envoyer");
        Assert.Matches(@"^Signalement \S+ envoyé$", tomorrow["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains(typed, string.Join('\n', (await _host.Issues.ListByReporterAsync(DemoPeople.Partner, 100, CancellationToken.None)).Select(i => i.Description)),
            StringComparison.Ordinal);
        Assert.Equal(22, await CountAsync(DemoPeople.Partner));
    }

    private async Task<JsonObject> SummaryAsync(CardClient partner, string description)
    {
        var danger = CardClient.CardOf(await partner.InvokeAsync("signaler", []));
        var place = await partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
        var facts = await partner.ClickAsync(place, "signaler-lieu", ReportForm.Place);
        return await partner.ClickAsync(facts, "signaler-faits", ReportForm.Facts(_host.Today, description));
    }

    private async Task<int> CountAsync(string reporter) =>
        (await _host.Issues.ListByReporterAsync(reporter, 100, CancellationToken.None)).Count;
}
