using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Storage.State;
using SecuriteQuotidien.Storage.Tables;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Faults;

namespace SecuriteQuotidien.Storage.Tests.State;

[Collection(AzuriteCollection.Name)]
public sealed class ProcessedActivityGroupCommitTests(AzuriteFixture azurite)
{
    internal const string Conversation = "a:1Xy/Z#personnel?chat";

    [Fact]
    public async Task Two_hundred_concurrent_distinct_activities_are_all_first_deliveries_written_in_few_requests()
    {
        var gate = new RequestGate();
        var storage = await TestStorage.CreateAsync(azurite, gate);
        var ids = Enumerable.Range(0, 200).Select(i => $"act-{i}").ToList();
        gate.Clear();

        var marks = await Task.WhenAll(ids.Select(id => storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, id, CancellationToken.None)));

        Assert.All(marks, Assert.True);
        Assert.Contains(gate.Requests, r => r.EndsWith("/$batch", StringComparison.Ordinal));
        // Per bucket: the first call alone, the rest gathered meanwhile (a transaction takes 100 rows at most).
        Assert.True(gate.Requests.Count <= 3 * ProcessedActivityStore.BucketCount, $"{gate.Requests.Count} requests for 200 marks");
        var again = await Task.WhenAll(ids.Select(id => storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, id, CancellationToken.None)));
        Assert.All(again, Assert.False);
    }

    [Fact]
    public async Task The_same_activity_raced_by_eight_callers_among_others_is_won_once()
    {
        var storage = await TestStorage.CreateAsync(azurite);
        var calls = Enumerable.Range(0, 8).Select(_ => "raced")
            .Concat(Enumerable.Range(0, 24).Select(i => $"other-{i}"))
            .Select(id => (Id: id, Mark: Task.Run(() => storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, id, CancellationToken.None))))
            .ToList();

        await Task.WhenAll(calls.Select(c => c.Mark));

        Assert.Single(calls, c => c.Id == "raced" && c.Mark.Result);
        Assert.All(calls.Where(c => c.Id != "raced"), c => Assert.True(c.Mark.Result));
    }

    [Fact]
    public async Task A_batch_holding_an_already_processed_activity_answers_every_member_rightly()
    {
        var gate = new RequestGate();
        var storage = await TestStorage.CreateAsync(azurite, gate);
        var (blocker, batch) = SameBucket(31);
        var present = batch[10];
        Assert.True(await storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, present, CancellationToken.None));
        gate.Clear();

        var marks = await MarkBehindHeldCommitAsync(storage.ProcessedActivities, gate, blocker, [.. batch, present]);

        Assert.All(batch.Where(id => id != present), id => Assert.True(marks[batch.IndexOf(id)]));
        Assert.False(marks[batch.IndexOf(present)]);
        Assert.False(marks[^1]);
        // One transaction, refused whole for the present row, then the per-row path: one lookup, for that row only.
        Assert.Single(gate.Requests, r => r.EndsWith("/$batch", StringComparison.Ordinal));
        Assert.Single(gate.Requests, r => r.StartsWith("GET ", StringComparison.Ordinal));
        Assert.False(await storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, batch[0], CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_activity_in_a_batch_is_taken_over()
    {
        var gate = new RequestGate();
        var storage = await TestStorage.CreateAsync(azurite, gate);
        var (blocker, batch) = SameBucket(11);
        var expired = batch[3];
        Assert.True(await storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, expired, CancellationToken.None));
        storage.Time.Advance(new StorageOptions().ProcessedActivityRetention + TimeSpan.FromSeconds(1));

        var marks = await MarkBehindHeldCommitAsync(storage.ProcessedActivities, gate, blocker, batch);

        Assert.All(marks, Assert.True);
        Assert.False(await storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, expired, CancellationToken.None));
    }

    [Fact]
    public async Task A_caller_cancelled_while_waiting_for_the_next_batch_leaves_no_mark()
    {
        var gate = new RequestGate();
        var storage = await TestStorage.CreateAsync(azurite, gate);
        var (blocker, batch) = SameBucket(2);
        gate.HoldNext();
        var first = storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, blocker, CancellationToken.None);
        await gate.Held;
        using var cancellation = new CancellationTokenSource();
        var cancelled = storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, batch[0], cancellation.Token);
        var kept = storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, batch[1], CancellationToken.None);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        gate.Release();

        Assert.True(await first);
        Assert.True(await kept);
        Assert.True(await storage.ProcessedActivities.TryMarkProcessedAsync(Conversation, batch[0], CancellationToken.None));
    }

    [Fact]
    public async Task A_storage_outage_fails_every_waiting_caller_and_marks_nothing()
    {
        var (relay, connectionString) = TcpRelay.InFrontOfTables(azurite.ConnectionString);
        await using var _ = relay;
        var gate = new RequestGate();
        var options = new TableClientOptions { Retry = { MaxRetries = 0 } };
        options.AddPolicy(gate, HttpPipelinePosition.PerCall);
        var tables = new StorageTables(new TableServiceClient(connectionString, options), TestStorage.UniquePrefix());
        await tables.CreateAllAsync(CancellationToken.None);
        var store = new ProcessedActivityStore(tables, Options.Create(new StorageOptions()), TimeProvider.System);
        var (blocker, ids) = SameBucket(40);

        gate.HoldNext();
        var blocked = store.TryMarkProcessedAsync(Conversation, blocker, CancellationToken.None);
        await gate.Held;
        var waiting = ids.Select(id => store.TryMarkProcessedAsync(Conversation, id, CancellationToken.None)).ToList();
        relay.Pause();
        gate.Release();

        foreach (var call in waiting.Prepend(blocked))
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => call);
            Assert.IsNotAssignableFrom<OperationCanceledException>(error);
        }
        relay.Resume();
        var after = await Task.WhenAll(ids.Prepend(blocker).Select(id => store.TryMarkProcessedAsync(Conversation, id, CancellationToken.None)));
        Assert.All(after, Assert.True);
    }

    /// <summary>
    /// Holds the first commit of <paramref name="blocker"/>'s bucket in the pipeline while the others enter the same
    /// bucket, so they are committed together as the next batch.
    /// </summary>
    private static async Task<bool[]> MarkBehindHeldCommitAsync(ProcessedActivityStore store, RequestGate gate, string blocker, IReadOnlyList<string> batch)
    {
        gate.HoldNext();
        var first = store.TryMarkProcessedAsync(Conversation, blocker, CancellationToken.None);
        await gate.Held;
        var marks = batch.Select(id => store.TryMarkProcessedAsync(Conversation, id, CancellationToken.None)).ToList();
        gate.Release();
        Assert.True(await first);
        return await Task.WhenAll(marks);
    }

    /// <summary>A blocker id and <paramref name="count"/> more activity ids of <see cref="Conversation"/> in its bucket.</summary>
    internal static (string Blocker, List<string> Others) SameBucket(int count)
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var blocker = $"{prefix}-blocker";
        var bucket = ProcessedActivityStore.BucketOf(ProcessedActivityStore.RowKeyOf(Conversation, blocker));
        var others = Enumerable.Range(0, 10_000).Select(i => $"{prefix}-{i}")
            .Where(id => ProcessedActivityStore.BucketOf(ProcessedActivityStore.RowKeyOf(Conversation, id)) == bucket)
            .Take(count)
            .ToList();
        return (blocker, others);
    }

    /// <summary>Records the table requests and, when asked, holds the next one until released.</summary>
    private sealed class RequestGate : HttpPipelinePolicy
    {
        private readonly ConcurrentQueue<string> _requests = new();
        private TaskCompletionSource? _held;
        private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _holdNext;

        public IReadOnlyList<string> Requests => [.. _requests];

        public Task Held => _held!.Task;

        public void Clear() => _requests.Clear();

        public void HoldNext()
        {
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _holdNext, 1);
        }

        public void Release() => _release.TrySetResult();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The stores are asynchronous.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            _requests.Enqueue(message.Request.Method + " " + message.Request.Uri.Path);
            if (Interlocked.Exchange(ref _holdNext, 0) == 1)
            {
                _held!.TrySetResult();
                await _release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            await ProcessNextAsync(message, pipeline);
        }
    }
}
