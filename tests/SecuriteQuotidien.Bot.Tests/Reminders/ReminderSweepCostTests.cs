using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Storage.Tests;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Reminders;

/// <summary>
/// The table requests of one sweep, counted at the HTTP pipeline: a regression guard on the cost per reminder
/// (issue 9: the sweep of 500 reminders must stay under a second, and Azurite or Table Storage serve a
/// bounded number of requests per second). Counts, not times: deterministic.
/// </summary>
public sealed class ReminderSweepCostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly Created = new(2026, 3, 2);
    private static readonly DateOnly J15 = new(2026, 3, 17);

    // Per reminder: the issue row and its timeline (two reads) and the "reminder sent" event. Per sweep: the
    // lease, the sweep marker (read and write), the index read, the channel reference (and its team's), one
    // outbox transaction per 50 reminders, one index transaction per day and 100 entries (next ones, handled ones).
    private const int RequestsPerReminder = 3;
    private const int RequestsPerSweep = 12;

    [Fact]
    public async Task A_sweep_costs_three_table_requests_per_reminder_plus_a_fixed_few()
    {
        const int Due = 60;
        var time = new FakeTimeProvider(ParisTime.At(Created, new TimeOnly(10, 0)));
        var prefix = ReminderHost.NewPrefix();
        var recorder = new RequestRecorder();
        // Only the sweep's requests: the markers' cleanup loop is pushed out of the measured window.
        await using var host = await ReminderHost.StartAsync(azurite.ConnectionString, prefix, time,
            new Dictionary<string, string?> { ["Intake:CompletionFlushInterval"] = "1.00:00:00" }, configure: services =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(recorder, Azure.Core.HttpPipelinePosition.PerRetry);
            services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
        });
        for (var i = 0; i < Due; i++)
        {
            var (sector, site) = i % 2 == 0 ? ("gap-hyper-centre", "gap-rue-carnot") : ("briancon-hyper-centre", "briancon-grande-rue");
            await host.CreateIssueAsync(sector, "incivilites", site);
        }

        time.SetUtcNow(ParisTime.At(J15, new TimeOnly(8, 30)));
        recorder.Clear();
        var result = await host.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(Due, result.Enqueued.Count);
        var byTable = recorder.CountByTable(prefix);
        var detail = string.Join(", ", byTable.Select(t => $"{t.Key} {t.Value}"));
        // The inbound path's own periodic look for unfinished activities may fall in the window: not the sweep's.
        var sweepRequests = recorder.Requests.Count - byTable.GetValueOrDefault("ProcessedActivities");
        Assert.True(sweepRequests <= (RequestsPerReminder * Due) + RequestsPerSweep, $"{sweepRequests} requests: {detail}");
        // The per-reminder part exactly: one issue read, one timeline read and one event each; nothing else per issue.
        Assert.Equal(Due, byTable["Issues"]);
        Assert.Equal(2 * Due, byTable["IssueEvents"]);
        Assert.True(byTable["$batch"] <= 6, detail);

        // The reminders are all there, and the index holds the next ones (J+23) instead of today's entries.
        foreach (var key in result.Enqueued)
        {
            Assert.NotNull(await host.Outbox.GetAsync(key, CancellationToken.None));
        }
        var index = host.Services.GetRequiredService<SecuriteQuotidien.Domain.Issues.IDueDayIndex>();
        Assert.Empty(await index.ListAsync([J15], CancellationToken.None));
        Assert.Equal(Due, (await index.ListAsync([new DateOnly(2026, 3, 25)], CancellationToken.None)).Count(e => e.ReminderKey == "J23"));
    }
}
