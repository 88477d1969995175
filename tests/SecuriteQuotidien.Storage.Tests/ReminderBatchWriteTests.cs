using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests;

/// <summary>The batched writes of the reminder sweep: index entries replaced and outbox messages enqueued by transactions.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReminderBatchWriteTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateOnly Today = new(2026, 3, 17);

    private static DueReminder Reminder(DateOnly day, int sequence, string key) =>
        new(day, "gap-hyper-centre", new IssueNumber("05", 2026, sequence), key, new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 30)), TimeSpan.Zero));

    private static readonly ConversationReference Thread = new()
    {
        ConversationId = "19:gap-hyper-centre@thread.tacv2;messageid=1",
        ServiceUrl = "https://smba.trafficmanager.net/fr/",
        ConversationType = "channel",
        TenantId = DemoDepartment.Tenant,
        TeamsChannelId = "19:gap-hyper-centre@thread.tacv2",
    };

    private static string Activity(string text) => $$"""{"type":"message","text":"{{text}}"}""";

    [Fact]
    public async Task Replacing_entries_writes_one_transaction_per_day_and_hundred_rows_and_keeps_an_entry_in_both_lists()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        var handled = Enumerable.Range(1, 130).Select(n => Reminder(Today, n, "J15")).ToList();
        foreach (var entry in handled)
        {
            await storage.DueDays.AddAsync(entry, None);
        }
        // The next reminders fall on two later days; one entry of today is planned again (a later time, same row).
        var next = Enumerable.Range(1, 129).Select(n => Reminder(Today.AddDays(n % 2 == 0 ? 8 : 11), n, n % 2 == 0 ? "J23" : "J28")).ToList();
        var again = handled[^1] with { DueAt = handled[^1].DueAt.AddHours(6) };
        next.Add(again);
        recorder.Clear();

        await storage.DueDays.ReplaceAsync(next, handled, None);

        // Upserts: today (1), day +8 (64), day +11 (65); deletions: 129 rows of today, in two transactions.
        Assert.Equal(5, recorder.Requests.Count);
        Assert.All(recorder.Requests, r => Assert.EndsWith("/$batch", r, StringComparison.Ordinal));
        Assert.Equal([again], await storage.DueDays.ListAsync([Today], None));
        Assert.Equal(64, (await storage.DueDays.ListAsync([Today.AddDays(8)], None)).Count);
        Assert.Equal(65, (await storage.DueDays.ListAsync([Today.AddDays(11)], None)).Count);
    }

    [Fact]
    public async Task Replacing_again_after_an_interrupted_attempt_removes_what_is_left()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var handled = Enumerable.Range(1, 10).Select(n => Reminder(Today, n, "J15")).ToList();
        foreach (var entry in handled)
        {
            await storage.DueDays.AddAsync(entry, None);
        }
        // An earlier attempt removed three entries before it stopped: the transaction would fail on them.
        foreach (var entry in handled.Take(3))
        {
            await storage.DueDays.RemoveAsync(entry, None);
        }

        await storage.DueDays.ReplaceAsync([Reminder(Today.AddDays(8), 1, "J23")], handled, None);

        Assert.Empty(await storage.DueDays.ListAsync([Today], None));
        Assert.Single(await storage.DueDays.ListAsync([Today.AddDays(8)], None));
    }

    [Fact]
    public async Task Enqueueing_many_answers_for_each_message_and_never_overwrites_a_known_key()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        Assert.True(await storage.Outbox.EnqueueAsync("reminder:05-2026-0007:J15", Thread, Activity("d'abord"), null, None));
        var messages = Enumerable.Range(0, 120)
            .Select(n => new OutboxEnqueue($"reminder:05-2026-{n:D4}:J15", Thread, Activity($"relance {n}")))
            .Append(new OutboxEnqueue("reminder:05-2026-0003:J15", Thread, Activity("répétée")))
            .ToList();
        recorder.Clear();

        var added = await storage.Outbox.EnqueueManyAsync(messages, None);

        // Known key (7) and repeated key (the last): false; all the others added.
        Assert.Equal(messages.Select(m => m.Key is not "reminder:05-2026-0007:J15" && m.ActivityJson != Activity("répétée")), added);
        // Three transactions of 50, 50 and 20; the first failed on the known key, so its 50 went one by one.
        Assert.Equal(3 + 50, recorder.Requests.Count);
        Assert.Equal(Activity("d'abord"), (await storage.Outbox.GetAsync("reminder:05-2026-0007:J15", None))!.ActivityJson);
        Assert.Equal(Activity("relance 3"), (await storage.Outbox.GetAsync("reminder:05-2026-0003:J15", None))!.ActivityJson);
        var last = (await storage.Outbox.GetAsync("reminder:05-2026-0119:J15", None))!;
        Assert.Equal(OutboxState.Pending, last.State);
        Assert.Equal(Thread, last.Target);
        Assert.Equal(120, (await storage.Outbox.ClaimDueAsync("a", 200, TimeSpan.FromMinutes(2), None)).Count);
    }
}
