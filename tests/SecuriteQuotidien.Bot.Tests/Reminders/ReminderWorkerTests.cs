using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Reminders;

/// <summary>The reminder worker against a real Azurite: crashes, outages, catch-up, index cost, lease and the loop.</summary>
public sealed class ReminderWorkerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Monday 2 March 2026, 10:00 Paris: J+15 is Tuesday 17 March, J+23 Wednesday 25 March.
    private static readonly DateOnly Created = new(2026, 3, 2);
    private static readonly DateOnly J15 = new(2026, 3, 17);
    private static readonly DateOnly J23 = new(2026, 3, 25);

    private static DateTimeOffset At(DateOnly date, int hour = 8, int minute = 30) => ParisTime.At(date, new TimeOnly(hour, minute));

    private Task<ReminderHost> StartAsync(FakeTimeProvider time, string prefix, ReminderFaults? faults = null,
        IDictionary<string, string?>? settings = null, string? serviceUrl = null, bool withDispatcher = false) =>
        ReminderHost.StartAsync(azurite.ConnectionString, prefix, time, settings, serviceUrl ?? "http://127.0.0.1:9/", withDispatcher,
            faults is null ? null : faults.Register);

    [Fact]
    public async Task A_crash_after_enqueuing_before_recording_is_sent_once_after_restart()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        var time = new FakeTimeProvider(At(Created, 10, 0));
        var prefix = ReminderHost.NewPrefix();
        var faults = new ReminderFaults();
        var first = await StartAsync(time, prefix, faults, serviceUrl: connector.ServiceUrl);
        var issue = await first.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-residence-les-cedres-hall-a");
        var key = OutboxKeys.Reminder(issue.Number, "J15");

        // The first instance enqueues J15 and dies before recording it (no dispatcher ran: nothing sent yet).
        time.SetUtcNow(At(J15));
        faults.FailReminderSentAppend = true;
        var crashed = await first.Worker.RunOnceAsync(None);
        Assert.Equal(1, crashed.Failed);
        Assert.Equal(OutboxState.Pending, (await first.Outbox.GetAsync(key, None))!.State);
        first.Crash();

        // The restarted instance waits for the dead holder's lease, then finds the entry still in the index.
        time.Advance(TimeSpan.FromMinutes(4));
        faults.FailReminderSentAppend = false;
        await using var second = await StartAsync(time, prefix, faults, serviceUrl: connector.ServiceUrl, withDispatcher: true);
        var retried = await second.Worker.RunOnceAsync(None);
        Assert.True(retried.Swept);
        Assert.Empty(retried.Enqueued); // already in the outbox: not enqueued twice
        Assert.Equal(0, retried.Failed);

        var posts = await connector.WaitForPostsAsync(1, TimeSpan.FromSeconds(30));
        var post = Assert.Single(posts);
        Assert.Contains(issue.Thread!.RootActivityId, post.Path, StringComparison.Ordinal);
        var card = post.Card!;
        Assert.StartsWith("Relance J+15 — signalement " + issue.Number, card["body"]![0]!["inlines"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var mentioned = card["msteams"]!["entities"]!.AsArray().Select(e => e!["mentioned"]!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([DemoPeople.Julien, DemoPeople.Sophie], mentioned);

        // Recorded now; the next reminder (J+23) is planned and a later sweep the same day sends nothing more.
        var events = await second.Events.ListAsync(issue.Number, partnerVisibleOnly: false, None);
        Assert.Single(events, e => ReminderSentEvent.Read(e) is { Key: "J15", Kind: ReminderKind.Upcoming });
        time.Advance(TimeSpan.FromHours(3));
        Assert.Empty((await second.Worker.RunOnceAsync(None)).Enqueued);
        time.SetUtcNow(At(J23));
        Assert.Equal([OutboxKeys.Reminder(issue.Number, "J23")], (await second.Worker.RunOnceAsync(None)).Enqueued);
        await connector.WaitForPostsAsync(2, TimeSpan.FromSeconds(30));
        Assert.Equal(2, connector.Posts.Count);
    }

    [Fact]
    public async Task A_storage_outage_delays_the_reminder_to_the_next_sweep()
    {
        var time = new FakeTimeProvider(At(Created, 10, 0));
        var faults = new ReminderFaults();
        await using var host = await StartAsync(time, ReminderHost.NewPrefix(), faults);
        var issue = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");

        time.SetUtcNow(At(J15));
        faults.FailIndexList = true;
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => host.Worker.RunOnceAsync(None));
        Assert.Null(await host.Outbox.GetAsync(OutboxKeys.Reminder(issue.Number, "J15"), None));

        time.Advance(TimeSpan.FromMinutes(1));
        faults.FailIndexList = false;
        var result = await host.Worker.RunOnceAsync(None);
        Assert.Equal([OutboxKeys.Reminder(issue.Number, "J15")], result.Enqueued);
    }

    [Fact]
    public async Task A_failure_after_recording_before_the_index_is_updated_leaves_the_entries_and_the_retry_sends_nothing_twice()
    {
        var time = new FakeTimeProvider(At(Created, 10, 0));
        var faults = new ReminderFaults();
        await using var host = await StartAsync(time, ReminderHost.NewPrefix(), faults);
        var first = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");
        var second = await host.CreateIssueAsync("briancon-hyper-centre", "incivilites", "briancon-grande-rue");

        // The batch is enqueued and recorded, then the index write fails: both issues fail, their entries stay.
        time.SetUtcNow(At(J15));
        faults.FailIndexReplace = true;
        var failed = await host.Worker.RunOnceAsync(None);
        Assert.Equal(2, failed.Failed);
        Assert.NotNull(await host.Outbox.GetAsync(OutboxKeys.Reminder(first.Number, "J15"), None));
        Assert.NotNull(await host.Outbox.GetAsync(OutboxKeys.Reminder(second.Number, "J15"), None));
        Assert.Equal(2, (await host.Services.GetRequiredService<IDueDayIndex>().ListAsync([J15], None)).Count);

        // The retry finds both entries, enqueues nothing again, records nothing twice, and plans J+23.
        time.Advance(TimeSpan.FromMinutes(1));
        faults.FailIndexReplace = false;
        var retried = await host.Worker.RunOnceAsync(None);
        Assert.Equal(2, retried.EntriesDue);
        Assert.Empty(retried.Enqueued);
        Assert.Equal(0, retried.Failed);
        var index = host.Services.GetRequiredService<IDueDayIndex>();
        Assert.Empty(await index.ListAsync([J15], None));
        Assert.Equal(["J23", "J23"], (await index.ListAsync([J23], None)).Select(e => e.ReminderKey));
        foreach (var issue in new[] { first, second })
        {
            var timeline = await host.Events.ListAsync(issue.Number, partnerVisibleOnly: false, None);
            Assert.Single(timeline, e => e.Kind == IssueEventKind.ReminderSent);
        }
    }

    [Fact]
    public async Task After_an_outage_within_the_catch_up_days_only_the_most_urgent_missed_reminder_is_posted_then_the_plan_resumes()
    {
        var time = new FakeTimeProvider(At(Created, 10, 0));
        await using var host = await StartAsync(time, ReminderHost.NewPrefix());
        var issue = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");
        time.SetUtcNow(At(J15));
        Assert.Equal([OutboxKeys.Reminder(issue.Number, "J15")], (await host.Worker.RunOnceAsync(None)).Enqueued);

        // No sweep from before J+23 (Wednesday 25 March) until after J+27 (Sunday 29 March, sent Friday 27): one message, the most urgent.
        time.SetUtcNow(At(new DateOnly(2026, 3, 31), 9, 0));
        var result = await host.Worker.RunOnceAsync(None);
        Assert.Equal([OutboxKeys.Reminder(issue.Number, "J27")], result.Enqueued);
        Assert.Null(await host.Outbox.GetAsync(OutboxKeys.Reminder(issue.Number, "J23"), None));

        // The plan resumes: the deadline reminder on Wednesday 1 April.
        time.SetUtcNow(At(new DateOnly(2026, 4, 1)));
        Assert.Equal([OutboxKeys.Reminder(issue.Number, "J30")], (await host.Worker.RunOnceAsync(None)).Enqueued);
    }

    [Fact]
    public async Task The_sweep_reads_only_today_and_the_catch_up_days()
    {
        var time = new FakeTimeProvider(At(J15, 8, 31));
        var faults = new ReminderFaults();
        await using var host = await StartAsync(time, ReminderHost.NewPrefix(), faults, new Dictionary<string, string?> { ["Reminders:CatchUpDays"] = "7" });

        await host.Worker.RunOnceAsync(None);

        var days = Assert.Single(faults.DaysListed);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => J15.AddDays(-7 + i)), days);
    }

    [Fact]
    public async Task After_an_outage_longer_than_the_catch_up_days_the_first_sweep_reads_from_the_last_completed_one_then_the_window_is_normal_again()
    {
        var time = new FakeTimeProvider(At(Created, 10, 0));
        var faults = new ReminderFaults();
        await using var host = await StartAsync(time, ReminderHost.NewPrefix(), faults);
        var issue = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");

        // The last sweep before the outage: Monday 16 March, nothing due yet (J+15 is the 17th).
        time.SetUtcNow(At(J15.AddDays(-1), 9, 0));
        Assert.Empty((await host.Worker.RunOnceAsync(None)).Enqueued);

        // No sweep until Thursday 26 March: the J+15 entry (17 March) is outside the 7 catch-up days.
        time.SetUtcNow(At(new DateOnly(2026, 3, 26), 9, 0));
        var widened = await host.Worker.RunOnceAsync(None);
        Assert.Equal([OutboxKeys.Reminder(issue.Number, "J23")], widened.Enqueued);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => J15.AddDays(-1 + i)), faults.DaysListed[^1]);

        // Once caught up, the sweeps read today and the catch-up days only.
        time.Advance(TimeSpan.FromHours(1));
        Assert.Empty((await host.Worker.RunOnceAsync(None)).Enqueued);
        Assert.Equal(8, faults.DaysListed[^1].Count);
    }

    [Fact]
    public void Sweep_days_widen_to_the_last_completed_day_within_the_outage_bound()
    {
        var now = At(new DateOnly(2026, 6, 30), 9, 0);

        Assert.Equal(8, ReminderScheduler.SweepDays(now, 7, lastCompleted: new DateOnly(2026, 6, 28), maxOutageDays: 366).Count);
        Assert.Equal(new DateOnly(2026, 6, 1), ReminderScheduler.SweepDays(now, 7, new DateOnly(2026, 6, 1), 366)[0]);
        Assert.Equal(new DateOnly(2026, 5, 31), ReminderScheduler.SweepDays(now, 7, new DateOnly(2025, 1, 1), 30)[0]);
        Assert.Equal(new DateOnly(2026, 6, 30), ReminderScheduler.SweepDays(now, 7, null, 366)[^1]);
    }

    [Fact]
    public async Task Answered_paused_and_closed_issues_get_no_reminder_and_their_entries_are_dropped()
    {
        var time = new FakeTimeProvider(At(Created, 10, 0));
        await using var host = await StartAsync(time, ReminderHost.NewPrefix(), settings: new Dictionary<string, string?> { ["Reminders:MentionDeputy"] = "false" });
        var answered = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");
        var paused = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");
        var closed = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");
        var open = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");
        var noThread = await host.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot", withThread: false);

        time.SetUtcNow(At(new DateOnly(2026, 3, 10), 14, 0));
        await host.ApplyAsync(answered, (i, now) => i.EngageResponse(ReminderHost.Actor, now, "Patrouille ciblée"));
        await host.ApplyAsync(paused, (i, now) => i.Pause(ReminderHost.Actor, now, "Enquête judiciaire en cours"));
        await host.ApplyAsync(closed, (i, now) => i.Close(ReminderHost.Actor, now, IssueOutcome.OutOfScope));

        time.SetUtcNow(At(J15));
        var result = await host.Worker.RunOnceAsync(None);
        Assert.Equal([OutboxKeys.Reminder(open.Number, "J15")], result.Enqueued);
        Assert.Equal(1, result.WaitingForThread);
        Assert.Equal(3, result.Dropped);

        // Without the deputy option, only the referent is mentioned.
        var message = (await host.Outbox.GetAsync(result.Enqueued[0], None))!;
        Assert.Contains("000000000011", message.ActivityJson, StringComparison.Ordinal);
        Assert.DoesNotContain("000000000012", message.ActivityJson, StringComparison.Ordinal);
        Assert.Contains($"La relance J15 du signalement {open.Number}", message.ActivityJson, StringComparison.Ordinal); // the failure alert

        // The issue without a thread is reminded once its thread exists; the others' entries are gone.
        var thread = new ChannelThread("19:gap-hyper-centre@thread.tacv2;messageid=42", "42");
        await host.Issues.ApplyAsync(noThread.SectorId, noThread.Number, i => i.AttachThread(thread, "bot", time.GetUtcNow()), None);
        time.Advance(TimeSpan.FromMinutes(5));
        var later = await host.Worker.RunOnceAsync(None);
        Assert.Equal([OutboxKeys.Reminder(noThread.Number, "J15")], later.Enqueued);
        Assert.Equal(0, later.Dropped);
    }

    [Fact]
    public async Task The_hosted_loop_sweeps_every_interval_and_only_the_lease_holder_sweeps()
    {
        var time = new FakeTimeProvider(At(Created, 10, 0));
        var prefix = ReminderHost.NewPrefix();
        var settings = new Dictionary<string, string?> { ["Reminders:Enabled"] = "true", ["Reminders:SweepInterval"] = "00:01:00" };
        await using var leader = await StartAsync(time, prefix, settings: settings);
        var issue = await leader.CreateIssueAsync("gap-hyper-centre", "incivilites", "gap-rue-carnot");
        await using var follower = await StartAsync(time, prefix, settings: settings);

        time.SetUtcNow(At(J15));
        var key = OutboxKeys.Reminder(issue.Number, "J15");
        for (var i = 0; i < 200 && await leader.Outbox.GetAsync(key, None) is null; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }
        Assert.NotNull(await leader.Outbox.GetAsync(key, None));

        // One instance holds the lease (renewed by its loop): of two hand-run sweeps now, only its own runs.
        Assert.True(leader.Worker.SweepCount + follower.Worker.SweepCount > 0);
        var now = await Task.WhenAll(leader.Worker.RunOnceAsync(None), follower.Worker.RunOnceAsync(None));
        Assert.Single(now, r => r.Swept);
    }
}
