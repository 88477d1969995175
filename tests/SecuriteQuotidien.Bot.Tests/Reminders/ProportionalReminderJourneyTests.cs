using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Reminders;

/// <summary>
/// Sixty simulated days on a fake clock against a real Azurite: three issues of categories with 15, 30 and 45-day
/// delays, never answered, swept every day at 08:30 Paris; every reminder must come on the day the rule gives
/// (50 %, 75 %, 90 % of the delay, the deadline, then weekly, moved back off weekends and holidays), and the
/// commissioner must be told of each breach once, the day after the deadline.
/// </summary>
public sealed class ProportionalReminderJourneyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static DateTimeOffset At(DateOnly date, int hour = 8, int minute = 30) => ParisTime.At(date, new TimeOnly(hour, minute));

    private static DateOnly D(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Categories_of_15_30_and_45_days_get_their_reminders_on_the_planned_working_days_over_60_days()
    {
        // Monday 2 March 2026, 10:00 Paris. Written out by hand from the rule (Easter Monday 6 April and 1 May are holidays).
        var created = D("2026-03-02");
        var time = new FakeTimeProvider(At(created, 10, 0));
        await using var host = await ReminderHost.StartAsync(azurite.ConnectionString, ReminderHost.NewPrefix(), time,
            serviceUrl: "http://127.0.0.1:9/");
        var fifteen = await host.CreateIssueAsync("gap-hyper-centre", "agressions-personnel", "gap-residence-les-cedres-hall-a");
        var thirty = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");
        var fortyFive = await host.CreateIssueAsync("gap-hyper-centre", "securite-routiere", "gap-rue-carnot");

        var sent = new List<string>();
        var breaches = new List<string>();
        for (var day = created.AddDays(1); day <= created.AddDays(60); day = day.AddDays(1))
        {
            time.SetUtcNow(At(day));
            var result = await host.Worker.RunOnceAsync(CancellationToken.None);
            Assert.Equal(0, result.Failed);
            sent.AddRange(result.Enqueued.Select(key => $"{day:yyyy-MM-dd} {key}"));
            breaches.AddRange(result.BreachesEnqueued.Select(key => $"{day:yyyy-MM-dd} {key}"));
        }

        string[] Expected(Domain.Issues.Issue issue, params string[] plan) =>
            [.. plan.Select(p => p.Split(' ')).Select(p => $"{p[1]} {OutboxKeys.Reminder(issue.Number, p[0])}")];
        var expected = Expected(fifteen,
                "J8 2026-03-10", "J11 2026-03-13", "J14 2026-03-16", "J15 2026-03-17",
                "R22 2026-03-24", "R29 2026-03-31", "R36 2026-04-07", "R43 2026-04-14", "R50 2026-04-21", "R57 2026-04-28")
            .Concat(Expected(thirty,
                "J15 2026-03-17", "J23 2026-03-25", "J27 2026-03-27", "J30 2026-04-01",
                "R37 2026-04-08", "R44 2026-04-15", "R51 2026-04-22", "R58 2026-04-29"))
            .Concat(Expected(fortyFive,
                // J+34 is Easter Sunday: back to Good Friday; J+41 is a Sunday; R59 is Thursday 30 April, before 1 May.
                "J23 2026-03-25", "J34 2026-04-03", "J41 2026-04-10", "J45 2026-04-16", "R52 2026-04-23", "R59 2026-04-30"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, sent.Order(StringComparer.Ordinal));

        // One breach message per issue, to the commissioner, the day after its deadline (all three fall on working days).
        Assert.Equal(
            [$"2026-03-18 {OutboxKeys.Breach(fifteen.Number, "B16")}", $"2026-04-02 {OutboxKeys.Breach(thirty.Number, "B31")}",
                $"2026-04-17 {OutboxKeys.Breach(fortyFive.Number, "B46")}"],
            breaches);
        var message = await host.Outbox.GetAsync(OutboxKeys.Breach(thirty.Number, "B31"), CancellationToken.None);
        Assert.NotNull(message);
        var json = System.Text.RegularExpressions.Regex.Unescape(message.ActivityJson); // the JSON escapes accents
        Assert.Contains($"Délai dépassé — signalement {thirty.Number} (Incivilités, ", json, StringComparison.Ordinal);
        Assert.Contains("échéance du 1er avril 2026 dépassée de 1 jour.", json, StringComparison.Ordinal);
        Assert.Null(message.Target.TeamsChannelId); // the commissioner's personal chat, never a channel
        Assert.Equal(DemoPeople.Commissioner, message.Target.UserAadObjectId);
    }
}
