using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Observability;
using SecuriteQuotidien.BotFramework.Connector;
using SecuriteQuotidien.Domain.Reminders;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Observability;

public sealed class ProductMetricsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_submitted_report_is_counted_once_with_its_sector_and_nothing_about_the_reporter()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false });
        using var recorder = new MeterRecorder(bot.Get<IMeterFactory>());
        var partner = bot.As(DemoPeople.Partner);

        var danger = CardClient.CardOf(await partner.InvokeAsync("signaler", []));
        var place = await partner.ClickAsync(danger, "signaler-danger", title: "Non, continuer le signalement");
        var facts = await partner.ClickAsync(place, "signaler-lieu", ReportForm.Place);
        var summary = await partner.ClickAsync(facts, "signaler-faits", ReportForm.Facts(bot.Today));
        await partner.ClickAsync(summary, "signaler-envoyer");
        // The same card sent again finds the stored report: not a second report.
        await partner.ClickAsync(summary, "signaler-envoyer");

        var submitted = Assert.Single(recorder.Of(ProductMetrics.Names.ReportsSubmitted));
        Assert.Equal(1, submitted.Value);
        var tag = Assert.Single(submitted.Tags);
        Assert.Equal(ProductMetrics.Tags.Sector, tag.Key);
        Assert.Equal("gap-hyper-centre", tag.Value);
        Assert.DoesNotContain(submitted.Tags.Values, v => v is string s && s.Contains(DemoPeople.Partner, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Reminders_are_tagged_with_their_step_and_overdue_repeats_share_one_value()
    {
        using var services = new ServiceCollection().AddProductMetrics().BuildServiceProvider();
        using var recorder = new MeterRecorder(services.GetRequiredService<IMeterFactory>());
        var metrics = services.GetRequiredService<ProductMetrics>();
        var due = new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);

        metrics.ReminderSent(new PlannedReminder("J15", ReminderKind.Upcoming, 15, new DateOnly(2026, 12, 1), due), isNew: true);
        metrics.ReminderSent(new PlannedReminder("J30", ReminderKind.Deadline, 30, new DateOnly(2026, 12, 1), due), isNew: true);
        metrics.ReminderSent(new PlannedReminder("C2-R37", ReminderKind.Overdue, 37, new DateOnly(2026, 12, 1), due), isNew: true);
        metrics.ReminderSent(new PlannedReminder("J23", ReminderKind.Upcoming, 23, new DateOnly(2026, 12, 1), due), isNew: false);

        Assert.Equal(["J15", "J30", "overdue"], recorder.Of(ProductMetrics.Names.RemindersSent).Select(m => m.Tags[ProductMetrics.Tags.Step]));
    }

    [Fact]
    public void A_throttled_send_counts_as_throttled_and_as_retried_with_its_failure_kind()
    {
        using var services = new ServiceCollection().AddProductMetrics().BuildServiceProvider();
        using var recorder = new MeterRecorder(services.GetRequiredService<IMeterFactory>());
        var metrics = services.GetRequiredService<ProductMetrics>();

        metrics.OutboxRetried(new ConnectorException("429", ConnectorFailureKind.Throttled), DeliveryMode.Reply);
        metrics.OutboxRetried(new ConnectorException("503", ConnectorFailureKind.ServerError), DeliveryMode.Send);
        metrics.OutboxFailed(ConnectorFailureKind.Forbidden.ToString());
        metrics.OutboxSent(DeliveryMode.NewThread);

        Assert.Equal("reply", Assert.Single(recorder.Of(ProductMetrics.Names.OutboxThrottled)).Tags[ProductMetrics.Tags.Mode]);
        Assert.Equal(["Throttled", "ServerError"], recorder.Of(ProductMetrics.Names.OutboxRetried).Select(m => m.Tags[ProductMetrics.Tags.Failure]));
        Assert.Equal("Forbidden", Assert.Single(recorder.Of(ProductMetrics.Names.OutboxFailed)).Tags[ProductMetrics.Tags.Failure]);
        Assert.Equal("new_thread", Assert.Single(recorder.Of(ProductMetrics.Names.OutboxSent)).Tags[ProductMetrics.Tags.Mode]);
    }
}
