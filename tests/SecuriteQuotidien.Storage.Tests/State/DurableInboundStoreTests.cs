using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Storage.Privacy;
using SecuriteQuotidien.Storage.State;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Storage.Tests.State;

/// <summary>Accepted activities kept with their body until done: accept, done, pending, claim, purge, old rows.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DurableInboundStoreTests(AzuriteFixture azurite)
{
    private const string Conversation = ProcessedActivityGroupCommitTests.Conversation;
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private static byte[] Body(string id, string text = "aide") =>
        Encoding.UTF8.GetBytes($$"""{"type":"message","id":"{{id}}","conversation":{"id":"{{Conversation}}"},"text":"{{text}}","serviceUrl":"https://smba.example/"}""");

    [Fact]
    public async Task An_accepted_activity_is_one_write_refuses_its_redelivery_and_is_pending_once_its_grace_is_over()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        recorder.Clear();

        Assert.True(await storage.ProcessedActivities.TryAcceptAsync(Conversation, "act-1", Body("act-1"), Grace, CancellationToken.None));

        // One insert: the de-duplication row holds the activity.
        Assert.Equal(["POST"], recorder.Requests.Select(r => r.Split(' ')[0]));
        Assert.False(await storage.ProcessedActivities.TryAcceptAsync(Conversation, "act-1", Body("act-1"), Grace, CancellationToken.None));
        Assert.False(await storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, "act-1", CancellationToken.None));
        // Its instance holds it during the grace period.
        Assert.Empty(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 10, CancellationToken.None));

        storage.Time.Advance(Grace + TimeSpan.FromSeconds(1));
        var pending = Assert.Single(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 10, CancellationToken.None));

        Assert.Equal(Conversation, pending.ConversationId);
        Assert.Equal("act-1", pending.ActivityId);
        Assert.Equal(Body("act-1"), pending.Body);
        Assert.Equal(1, pending.Attempts);
    }

    [Fact]
    public async Task A_claimed_activity_is_not_handed_out_again_until_its_claim_expires_and_counts_its_attempts()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        Assert.True(await storage.ProcessedActivities.TryAcceptAsync(Conversation, "act-1", Body("act-1"), TimeSpan.Zero, CancellationToken.None));
        storage.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Single(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 10, CancellationToken.None));
        Assert.Empty(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 10, CancellationToken.None));
        storage.Time.Advance(Grace + TimeSpan.FromSeconds(1));

        Assert.Equal(2, Assert.Single(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 10, CancellationToken.None)).Attempts);
    }

    [Fact]
    public async Task Two_instances_claiming_at_once_never_get_the_same_activity()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var ids = Enumerable.Range(0, 40).Select(i => $"act-{i}").ToList();
        await Task.WhenAll(ids.Select(id => storage.ProcessedActivities.TryAcceptAsync(Conversation, id, Body(id), TimeSpan.Zero, CancellationToken.None)));
        storage.Time.Advance(TimeSpan.FromSeconds(1));
        var other = new ProcessedActivityStore(storage.Tables, Options.Create(new StorageOptions()), storage.Time);

        var claims = await Task.WhenAll(
            Task.Run(() => storage.ProcessedActivities.ClaimPendingAsync(Grace, 100, CancellationToken.None)),
            Task.Run(() => other.ClaimPendingAsync(Grace, 100, CancellationToken.None)));

        var all = claims.SelectMany(c => c).Select(p => p.ActivityId).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Done_marks_are_written_in_batches_and_a_done_activity_is_never_pending_again()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        var ids = Enumerable.Range(0, 60).Select(i => $"act-{i}").ToList();
        await Task.WhenAll(ids.Select(id => storage.ProcessedActivities.TryAcceptAsync(Conversation, id, Body(id), Grace, CancellationToken.None)));
        foreach (var id in ids)
        {
            storage.ProcessedActivities.MarkDone(Conversation, id);
        }
        // Marked twice (a recovered activity processed by its first instance too): harmless.
        storage.ProcessedActivities.MarkDone(Conversation, ids[0]);
        recorder.Clear();

        await storage.ProcessedActivities.FlushDoneAsync(CancellationToken.None);

        // One transaction per bucket for 60 marks.
        Assert.InRange(recorder.Requests.Count, 1, ProcessedActivityStore.BucketCount);
        Assert.All(recorder.Requests, r => Assert.EndsWith("$batch" + RequestRecorder.DoneMarksTag, r, StringComparison.Ordinal));
        Assert.Equal(0, storage.ProcessedActivities.QueuedDoneMarks);
        storage.Time.Advance(Grace + TimeSpan.FromSeconds(1));
        Assert.Empty(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 100, CancellationToken.None));
        // The de-duplication row stays, without the body.
        Assert.False(await storage.ProcessedActivities.TryAcceptAsync(Conversation, ids[5], Body(ids[5]), Grace, CancellationToken.None));
        var row = (await storage.Tables.ProcessedActivities.GetEntityAsync<TableEntity>(
            "bucket-" + ProcessedActivityStore.BucketOf(ProcessedActivityStore.RowKeyOf(Conversation, ids[5])), ProcessedActivityStore.RowKeyOf(Conversation, ids[5]))).Value;
        Assert.Equal("done", row.GetString("State"));
        Assert.DoesNotContain(row.Keys, k => k.StartsWith("Body", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_activity_marked_done_and_not_yet_written_is_never_taken_over_by_its_own_instance()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        Assert.True(await storage.ProcessedActivities.TryAcceptAsync(Conversation, "slow-1", Body("slow-1"), TimeSpan.Zero, CancellationToken.None));
        storage.ProcessedActivities.MarkDone(Conversation, "slow-1");
        storage.Time.Advance(TimeSpan.FromSeconds(1));
        var other = new ProcessedActivityStore(storage.Tables, Options.Create(new StorageOptions()), storage.Time);

        Assert.Empty(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 10, CancellationToken.None));
        // Another instance cannot know before the flush: it takes it over (at least once).
        Assert.Single(await other.ClaimPendingAsync(Grace, 10, CancellationToken.None));
        await storage.ProcessedActivities.FlushDoneAsync(CancellationToken.None);
        storage.Time.Advance(Grace + TimeSpan.FromSeconds(1));
        Assert.Empty(await other.ClaimPendingAsync(Grace, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_done_mark_of_an_activity_already_gone_does_not_hold_back_the_others()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var (gone, others) = ProcessedActivityGroupCommitTests.SameBucket(5);
        Assert.True(await storage.ProcessedActivities.TryAcceptAsync(Conversation, gone, Body(gone), TimeSpan.Zero, CancellationToken.None));
        storage.ProcessedActivities.MarkDone(Conversation, gone);
        await storage.ProcessedActivities.FlushDoneAsync(CancellationToken.None);
        foreach (var id in others)
        {
            Assert.True(await storage.ProcessedActivities.TryAcceptAsync(Conversation, id, Body(id), TimeSpan.Zero, CancellationToken.None));
        }

        storage.ProcessedActivities.MarkDone(Conversation, gone);
        foreach (var id in others)
        {
            storage.ProcessedActivities.MarkDone(Conversation, id);
        }
        await storage.ProcessedActivities.FlushDoneAsync(CancellationToken.None);

        storage.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 100, CancellationToken.None));
    }

    [Fact]
    public async Task A_large_body_is_kept_compressed_over_several_properties_and_read_back_whole()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        // Random text compresses little: 200 KB of it needs several 64 KiB properties.
        var random = new Random(7);
        var text = new string([.. Enumerable.Range(0, 200_000).Select(_ => (char)random.Next('a', 'z' + 1))]);
        var body = Body("big", text);

        Assert.True(await storage.ProcessedActivities.TryAcceptAsync(Conversation, "big", body, TimeSpan.Zero, CancellationToken.None));
        storage.Time.Advance(TimeSpan.FromSeconds(1));

        var pending = Assert.Single(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 10, CancellationToken.None));
        Assert.Equal(body, pending.Body);
        var row = await storage.Tables.ProcessedActivities.GetEntityAsync<TableEntity>(
            "bucket-" + ProcessedActivityStore.BucketOf(ProcessedActivityStore.RowKeyOf(Conversation, "big")),
            ProcessedActivityStore.RowKeyOf(Conversation, "big"));
        Assert.Equal("accepted", row.Value.GetString("State"));
        Assert.NotNull(row.Value.GetBinary("Body1"));
        Assert.All(row.Value.Keys.Where(k => k.StartsWith("Body", StringComparison.Ordinal) && k != "BodyLength"),
            k => Assert.InRange(row.Value.GetBinary(k)!.Length, 1, 64 * 1024));
    }

    [Fact]
    public async Task Concurrent_accepts_share_transactions_and_each_caller_gets_its_own_answer()
    {
        var recorder = new RequestRecorder();
        var storage = await TestStorage.CreateAsync(azurite, recorder);
        var ids = Enumerable.Range(0, 120).Select(i => $"act-{i}").ToList();
        Assert.True(await storage.ProcessedActivities.TryAcceptAsync(Conversation, ids[7], Body(ids[7]), Grace, CancellationToken.None));
        recorder.Clear();

        var accepted = await Task.WhenAll(ids.Select(id => storage.ProcessedActivities.TryAcceptAsync(Conversation, id, Body(id), Grace, CancellationToken.None)));

        Assert.False(accepted[7]);
        Assert.Equal(119, accepted.Count(a => a));
        // Far fewer requests than activities: the batches of three buckets go whole; the one holding the redelivery
        // is refused whole and decided row by row.
        Assert.True(recorder.Requests.Count < 60, $"{recorder.Requests.Count} requests for 120 accepts");
    }

    [Fact]
    public async Task A_row_of_the_old_shape_without_a_body_counts_as_done()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        // Before durable inbound, a message's row was the bare de-duplication mark written by its lane.
        Assert.True(await storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, "old", CancellationToken.None));
        storage.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 10, CancellationToken.None));
        Assert.False(await storage.ProcessedActivities.TryAcceptAsync(Conversation, "old", Body("old"), Grace, CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_mark_is_taken_over_by_an_accept_with_its_body()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var (blocker, batch) = ProcessedActivityGroupCommitTests.SameBucket(3);
        Assert.True(await storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, batch[1], CancellationToken.None));
        storage.Time.Advance(new StorageOptions().ProcessedActivityRetention + TimeSpan.FromSeconds(1));

        var accepted = await Task.WhenAll(batch.Prepend(blocker).Select(id =>
            storage.ProcessedActivities.TryAcceptAsync(Conversation, id, Body(id), TimeSpan.Zero, CancellationToken.None)));

        Assert.All(accepted, Assert.True);
        storage.Time.Advance(TimeSpan.FromSeconds(1));
        var pending = await storage.ProcessedActivities.ClaimPendingAsync(Grace, 10, CancellationToken.None);
        Assert.Equal(Body(batch[1]), Assert.Single(pending, p => p.ActivityId == batch[1]).Body);
    }

    [Fact]
    public async Task The_retention_purge_removes_pending_rows_with_the_marks()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var rows = new PersonalDataRows(new PrivacyTables(storage.Tables));
        Assert.True(await storage.ProcessedActivities.TryAcceptAsync(Conversation, "act-1", Body("act-1"), TimeSpan.Zero, CancellationToken.None));
        Assert.True(await storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, "invoke-1", CancellationToken.None));

        // Timestamps are the server's: a cutoff in the future takes every row, pending or not.
        Assert.Equal(2, await rows.PurgeProcessedActivitiesAsync(DateTimeOffset.UtcNow.AddMinutes(5), 100, CancellationToken.None));

        storage.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await storage.ProcessedActivities.ClaimPendingAsync(Grace, 10, CancellationToken.None));
        Assert.True(await storage.ProcessedActivities.TryAcceptAsync(Conversation, "act-1", Body("act-1"), Grace, CancellationToken.None));
    }

    [Fact]
    public async Task Claims_follow_the_store_clock_not_the_machine_clock()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var late = new FakeTimeProvider(TestStorage.Start - TimeSpan.FromMinutes(10));
        var behind = new ProcessedActivityStore(storage.Tables, Options.Create(new StorageOptions()), late);
        Assert.True(await storage.ProcessedActivities.TryAcceptAsync(Conversation, "act-1", Body("act-1"), Grace, CancellationToken.None));

        // An instance whose clock is ten minutes behind sees the claim as still running.
        Assert.Empty(await behind.ClaimPendingAsync(Grace, 10, CancellationToken.None));
        late.Advance(TimeSpan.FromMinutes(12));
        Assert.Single(await behind.ClaimPendingAsync(Grace, 10, CancellationToken.None));
    }
}
