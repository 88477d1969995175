using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Status;
using SecuriteQuotidien.Storage.Tables;
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
    private string AzuriteConnection => azurite.ConnectionString;
    private static readonly DateOnly Created = new(2026, 3, 2);
    private static readonly DateOnly J15 = new(2026, 3, 17);

    // Per reminder: the issue row (it carries the clock and the last reminder: no timeline read) and the "reminder
    // sent" event. Per sweep: the lease, the sweep marker (read and write), the index read, the channel reference (and
    // its team's), one outbox transaction per 50 reminders, one merge of the issues' last reminder per sector and 100
    // issues, one index transaction per day and 100 entries (next ones, handled ones).
    private const int RequestsPerReminder = 2;
    private const int RequestsPerSweep = 14;

    [Fact]
    public async Task A_sweep_costs_two_table_requests_per_reminder_plus_a_fixed_few()
    {
        const int Due = 60;
        var time = new FakeTimeProvider(ParisTime.At(Created, new TimeOnly(10, 0)));
        var prefix = ReminderHost.NewPrefix();
        var recorder = new RequestRecorder();
        await using var host = await StartAsync(time, prefix, recorder);
        for (var i = 0; i < Due; i++)
        {
            var (sector, site) = i % 2 == 0 ? ("gap-hyper-centre", "gap-rue-carnot") : ("briancon-hyper-centre", "briancon-grande-rue");
            await host.CreateIssueAsync(sector, "incivilites", site);
        }

        time.SetUtcNow(ParisTime.At(J15, new TimeOnly(8, 30)));
        // The status totals of the creations are applied in the background: done before the sweep is measured.
        await host.Get<StatusTallyProjector>().FlushAsync(["gap-hyper-centre", "briancon-hyper-centre"], CancellationToken.None);
        recorder.Clear();
        var result = await host.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(Due, result.Enqueued.Count);
        var byTable = recorder.CountByTable(prefix);
        var detail = string.Join(", ", byTable.Select(t => $"{t.Key} {t.Value}"));
        // The inbound path's own periodic look for unfinished activities may fall in the window: not the sweep's.
        var sweepRequests = recorder.Requests.Count - byTable.GetValueOrDefault("ProcessedActivities");
        Assert.True(sweepRequests <= (RequestsPerReminder * Due) + RequestsPerSweep, $"{sweepRequests} requests: {detail}");
        // The per-reminder part exactly: one issue read and one event each; no timeline read, nothing else per issue.
        Assert.Equal(Due, byTable["Issues"]);
        Assert.Equal(Due, byTable["IssueEvents"]);
        Assert.DoesNotContain(recorder.Requests, r => r.StartsWith("GET", StringComparison.Ordinal) && r.Contains("IssueEvents", StringComparison.Ordinal));
        Assert.True(byTable["$batch"] <= 8, detail);

        // The reminders are all there, and the index holds the next ones (J+23) instead of today's entries.
        foreach (var key in result.Enqueued)
        {
            Assert.NotNull(await host.Outbox.GetAsync(key, CancellationToken.None));
        }
        var index = host.Services.GetRequiredService<SecuriteQuotidien.Domain.Issues.IDueDayIndex>();
        Assert.Empty(await index.ListAsync([J15], CancellationToken.None));
        Assert.Equal(Due, (await index.ListAsync([new DateOnly(2026, 3, 25)], CancellationToken.None)).Count(e => e.ReminderKey == "J23"));
    }

    [Fact]
    public async Task An_issue_row_stored_without_its_clock_is_reminded_from_its_timeline_then_carries_the_clock_after_its_next_change()
    {
        var time = new FakeTimeProvider(ParisTime.At(Created, new TimeOnly(10, 0)));
        var prefix = ReminderHost.NewPrefix();
        var recorder = new RequestRecorder();
        await using var host = await StartAsync(time, prefix, recorder);
        var issue = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");
        // As a row written before the clock was kept on the issue: no Clock, no LastReminder columns.
        var tables = host.Services.GetRequiredService<StorageTables>();
        var row = (await tables.Issues.GetEntityAsync<TableEntity>(issue.SectorId, "issue|" + issue.Number)).Value;
        row.Remove("Clock");
        await tables.Issues.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        Assert.Null((await host.ReadAsync(issue)).Clock);

        time.SetUtcNow(ParisTime.At(J15, new TimeOnly(8, 30)));
        await host.Get<StatusTallyProjector>().FlushAsync([issue.SectorId], CancellationToken.None);
        recorder.Clear();
        var result = await host.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal([OutboxKeys.Reminder(issue.Number, "J15")], result.Enqueued);
        // Read as before: the issue row and its timeline.
        Assert.Single(recorder.Requests, r => r.StartsWith("GET", StringComparison.Ordinal) && r.Contains("IssueEvents", StringComparison.Ordinal));
        Assert.Equal(new SentReminder("J15", time.GetUtcNow()), (await host.ReadAsync(issue)).LastReminder);

        // Its next change (a pause, then a resume) writes the clock rebuilt from the timeline, with the new facts.
        time.Advance(TimeSpan.FromHours(2));
        var paused = await host.ApplyAsync(issue, (i, now) => i.Pause(ReminderHost.Actor, now, "Enquête en cours"));
        var stored = await host.ReadAsync(issue);
        Assert.Equal(IssueClock.Empty.Paused(time.GetUtcNow()), stored.Clock);
        Assert.Equal(paused.Clock, stored.Clock);
        Assert.Equal("J15", stored.LastReminder!.Key);
    }

    private Task<ReminderHost> StartAsync(FakeTimeProvider time, string prefix, RequestRecorder recorder) =>
        // Only the sweep's requests: the markers' cleanup loop is pushed out of the measured window.
        ReminderHost.StartAsync(AzuriteConnection, prefix, time,
            new Dictionary<string, string?> { ["Intake:CompletionFlushInterval"] = "1.00:00:00" }, configure: services =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(recorder, Azure.Core.HttpPipelinePosition.PerRetry);
            services.AddSingleton(new TableServiceClient(AzuriteConnection, options));
        });
}
