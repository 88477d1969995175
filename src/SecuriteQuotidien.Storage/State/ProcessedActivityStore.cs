using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.State;

/// <summary>
/// PartitionKey = one of <see cref="BucketCount"/> hash buckets ("bucket-0"…), RowKey = conversation id | activity id,
/// with an expiry. Insert-if-absent decides who processes an activity; an expired row is taken over with an
/// ETag-checked replace. The row of an accepted (non-invoke) activity also holds it until it is processed:
/// <c>State</c> = accepted, the request body (Brotli-compressed, in 64 KiB binary properties), the claim's end and the
/// number of claims. Marking it done replaces it with a bare done row (the body goes, the expiry stays), so a
/// message's text is kept only until it is handled. A row without <c>State</c> (invokes, and rows written before
/// activities were kept) counts as done.
/// </summary>
/// <remarks>
/// Group commit: while a bucket has a write in flight, the calls that arrive meanwhile wait and are then written
/// together as one entity group transaction (up to <see cref="MaxOperations"/> rows, the service's limit, and
/// <see cref="MaxBatchBodyBytes"/> of bodies, under its 4 MiB payload limit). A call that finds its bucket idle is
/// written at once, so a quiet bot pays no gathering delay; under load the batches grow by themselves. A
/// transaction fails whole when one of its rows exists: that batch then takes the per-row path, so every caller
/// gets the answer it would have had alone. Done marks are queued in memory and written in batches by
/// <see cref="FlushDoneAsync"/>. The accepted rows are found by a filter on <c>State</c> within each bucket.
/// </remarks>
public sealed class ProcessedActivityStore : IProcessedActivityStore
{
    /// <summary>
    /// Fixed: every instance must find a given activity in the same bucket. Changing it makes old rows invisible
    /// to the check until they expire.
    /// </summary>
    internal const int BucketCount = 4;

    /// <summary>Entity group transactions take at most 100 operations.</summary>
    internal const int MaxOperations = 100;

    /// <summary>Compressed bodies per transaction: binary properties travel in base64, and a transaction carries at most 4 MiB.</summary>
    internal const int MaxBatchBodyBytes = 2 * 1024 * 1024;

    internal const string Accepted = "accepted";
    internal const string Done = "done";

    private const int MaxDoneKeysPerFlush = 10_000;

    private readonly StorageTables _tables;
    private readonly IOptions<StorageOptions> _options;
    private readonly TimeProvider _time;
    private readonly Bucket[] _buckets;
    // Activities processed here whose done mark is not written yet: a set, so that this instance never takes over
    // an activity it has finished and only not yet marked.
    private readonly ConcurrentDictionary<string, byte> _done = new(StringComparer.Ordinal);

    public ProcessedActivityStore(StorageTables tables, IOptions<StorageOptions> options, TimeProvider time)
    {
        _tables = tables;
        _options = options;
        _time = time;
        _buckets = [.. Enumerable.Range(0, BucketCount).Select(i => new Bucket($"bucket-{i}"))];
    }

    /// <summary>Done marks not yet written.</summary>
    internal int QueuedDoneMarks => _done.Count;

    public Task<bool> TryMarkProcessedAsync(string conversationId, string activityId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        return EnterAsync(new Waiter(RowKeyOf(conversationId, activityId), pending: null), cancellationToken);
    }

    public Task<bool> TryAcceptAsync(string conversationId, string activityId, ReadOnlyMemory<byte> body, TimeSpan claim,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentOutOfRangeException.ThrowIfLessThan(claim, TimeSpan.Zero);
        var pending = new PendingPayload(conversationId, activityId, ActivityBody.Compress(body.Span), body.Length, claim);
        return EnterAsync(new Waiter(RowKeyOf(conversationId, activityId), pending), cancellationToken);
    }

    public void MarkDone(string conversationId, string activityId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        _done.TryAdd(RowKeyOf(conversationId, activityId), 0);
    }

    public async Task FlushDoneAsync(CancellationToken cancellationToken)
    {
        var keys = _done.Keys.Take(MaxDoneKeysPerFlush).ToList();
        Exception? failure = null;
        foreach (var bucket in keys.GroupBy(BucketOf))
        {
            var partitionKey = _buckets[bucket.Key].PartitionKey;
            foreach (var batch in bucket.Chunk(MaxOperations))
            {
                try
                {
                    await MarkDoneAsync(partitionKey, batch, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Kept for the next flush; until then other instances see them accepted, and retake them once their
                    // claim expires.
                    failure ??= ex;
                    continue;
                }
                foreach (var key in batch)
                {
                    _done.TryRemove(key, out _);
                }
            }
        }
        if (failure is not null)
        {
            throw failure;
        }
    }

    public async Task<IReadOnlyList<PendingActivity>> ClaimPendingAsync(TimeSpan claim, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = _time.GetUtcNow();
        var claimed = new List<PendingActivity>();
        foreach (var bucket in _buckets)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {bucket.PartitionKey} and State eq {Accepted} and ClaimedUntil lt {now}");
            await foreach (var row in _tables.ProcessedActivities.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                if (claimed.Count == max)
                {
                    return claimed;
                }
                if (_done.ContainsKey(row.RowKey))
                {
                    // Processed here; its done mark goes with the next flush.
                    continue;
                }
                var attempts = (row.GetInt32("Attempts") ?? 0) + 1;
                var claimRow = new TableEntity(row.PartitionKey, row.RowKey) { ["ClaimedUntil"] = now + claim, ["Attempts"] = attempts };
                try
                {
                    await _tables.ProcessedActivities.UpdateEntityAsync(claimRow, row.ETag, TableUpdateMode.Merge, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.IsLostRace())
                {
                    // Claimed by another instance or done meanwhile.
                    continue;
                }
                claimed.Add(new PendingActivity(row.GetString("Conversation") ?? "", row.GetString("Activity") ?? "", ActivityBody.Read(row), attempts));
            }
        }
        return claimed;
    }

    internal static string RowKeyOf(string conversationId, string activityId) => TableKey.Join(conversationId, activityId);

    /// <summary>FNV-1a over the key's UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    internal static int BucketOf(string rowKey)
    {
        var hash = 2166136261u;
        foreach (var c in rowKey)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % BucketCount);
    }

    private async Task<bool> EnterAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var bucket = _buckets[BucketOf(waiter.RowKey)];
        foreach (var start in bucket.Enter(waiter))
        {
            // Not awaited: this call only starts the commit; every caller, this one included, awaits its own answer.
            _ = CommitAsync(bucket, start);
        }
        try
        {
            return await waiter.Answer.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not yet sent: leave nothing behind. Already sent: the row may be written, as with a cancelled single insert.
            bucket.Withdraw(waiter);
            throw;
        }
    }

    /// <summary>
    /// Replaces accepted rows with bare done rows: the body goes, the de-duplication mark stays (its expiry counted
    /// from now). A row that is gone (purged) is not written again.
    /// </summary>
    private async Task MarkDoneAsync(string partitionKey, string[] rowKeys, CancellationToken cancellationToken)
    {
        var table = _tables.ProcessedActivities;
        var expiresAt = _time.GetUtcNow() + _options.Value.ProcessedActivityRetention;
        TableEntity DoneRow(string key) => new(partitionKey, key) { ["ExpiresAt"] = expiresAt, ["State"] = Done };
        try
        {
            await table.SubmitTransactionAsync(rowKeys.Select(key =>
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, DoneRow(key), ETag.All)), cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.IsNotFound())
        {
            // One was gone already (purged): the others one by one.
            foreach (var key in rowKeys)
            {
                try
                {
                    await table.UpdateEntityAsync(DoneRow(key), ETag.All, TableUpdateMode.Replace, cancellationToken);
                }
                catch (RequestFailedException missing) when (missing.IsNotFound())
                {
                }
            }
        }
    }

    private async Task CommitAsync(Bucket bucket, Commit commit)
    {
        for (Commit? next = commit; next is not null; next = next.Drains ? bucket.Next() : null)
        {
            await CommitBatchAsync(bucket.PartitionKey, next.Waiters);
        }
    }

    // The writes serve several callers at once, so no single caller's token cancels them; a cancelled caller
    // stops waiting (see EnterAsync) and the client's own timeouts bound the request.
    // Never throws: every failure is handed to the waiters, so the bucket's commit loop always goes on.
    private async Task CommitBatchAsync(string partitionKey, List<Waiter> waiters)
    {
        try
        {
            var now = _time.GetUtcNow();
            var expiresAt = now + _options.Value.ProcessedActivityRetention;
            // A batch may hold the same activity twice (a redelivery racing the original): one row, one possible winner.
            var byKey = waiters.GroupBy(w => w.RowKey, StringComparer.Ordinal).ToList();
            if (byKey.Count > 1)
            {
                try
                {
                    await _tables.ProcessedActivities.SubmitTransactionAsync(
                        byKey.Select(g => new TableTransactionAction(TableTransactionActionType.Add, Row(partitionKey, g.First(), expiresAt, now))),
                        CancellationToken.None);
                    foreach (var group in byKey)
                    {
                        Settle(group, won: true);
                    }
                    return;
                }
                catch (TableTransactionFailedException ex) when (ex.IsConflict())
                {
                    // One row at least exists (a redelivery or an expired row): nothing was written; decide row by row.
                }
            }
            await Task.WhenAll(byKey.Select(group => CommitOneAsync(partitionKey, group, now, expiresAt)));
        }
        catch (Exception ex)
        {
            foreach (var waiter in waiters)
            {
                waiter.Answer.TrySetException(ex);
            }
        }
    }

    private async Task CommitOneAsync(string partitionKey, IGrouping<string, Waiter> group, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        try
        {
            Settle(group, await TryWriteOneAsync(partitionKey, group.First(), now, expiresAt));
        }
        catch (Exception ex)
        {
            foreach (var waiter in group)
            {
                waiter.Answer.TrySetException(ex);
            }
        }
    }

    private static void Settle(IEnumerable<Waiter> sameActivity, bool won)
    {
        foreach (var waiter in sameActivity)
        {
            waiter.Answer.TrySetResult(won);
            won = false;
        }
    }

    /// <summary>The de-duplication row; for an accepted activity it also holds the activity.</summary>
    private static TableEntity Row(string partitionKey, Waiter waiter, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var row = new TableEntity(partitionKey, waiter.RowKey) { ["ExpiresAt"] = expiresAt };
        if (waiter.Pending is { } pending)
        {
            row["State"] = Accepted;
            row["Conversation"] = pending.ConversationId;
            row["Activity"] = pending.ActivityId;
            row["ClaimedUntil"] = now + pending.Claim;
            row["Attempts"] = 0;
            ActivityBody.Write(row, pending.Compressed, pending.Length);
        }
        return row;
    }

    /// <summary>Insert-if-absent of one activity (with its body when accepted); an expired mark is taken over.</summary>
    private async Task<bool> TryWriteOneAsync(string partitionKey, Waiter waiter, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var table = _tables.ProcessedActivities;
        var row = Row(partitionKey, waiter, expiresAt, now);
        try
        {
            await table.AddEntityAsync(row, CancellationToken.None);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
        }

        var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, waiter.RowKey, select: ["ExpiresAt"],
            cancellationToken: CancellationToken.None);
        if (existing.HasValue && existing.Value!.GetDateTimeOffset("ExpiresAt") > now)
        {
            return false;
        }
        try
        {
            // Expired (or just deleted): take it over; of two takers, the ETag lets exactly one win.
            if (existing.HasValue)
            {
                await table.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, CancellationToken.None);
            }
            else
            {
                await table.AddEntityAsync(row, CancellationToken.None);
            }
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            return false;
        }
    }

    private sealed record PendingPayload(string ConversationId, string ActivityId, byte[] Compressed, int Length, TimeSpan Claim);

    private sealed class Waiter(string rowKey, PendingPayload? pending)
    {
        public string RowKey { get; } = rowKey;

        public PendingPayload? Pending { get; } = pending;

        public int BodyBytes => Pending?.Compressed.Length ?? 0;

        // Answers are set from the commit loop: the callers' continuations must not run inside it.
        public TaskCompletionSource<bool> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <param name="Drains">True for the bucket's commit loop, which takes the next waiting batch when it is done.</param>
    private sealed record Commit(List<Waiter> Waiters, bool Drains);

    /// <summary>
    /// The calls of one partition waiting for the next commit. Memory is bounded by the callers themselves:
    /// each one waits for its answer, and a full batch is committed at once.
    /// </summary>
    private sealed class Bucket(string partitionKey)
    {
        private readonly Lock _gate = new();
        private List<Waiter> _open = [];
        private int _openBodyBytes;
        private bool _committing;

        public string PartitionKey { get; } = partitionKey;

        /// <summary>Adds the waiter; returns the batches the caller must start committing (none when one is on its way).</summary>
        public IEnumerable<Commit> Enter(Waiter waiter)
        {
            lock (_gate)
            {
                if (!_committing)
                {
                    _committing = true;
                    Add(waiter);
                    return [new Commit(Take(), Drains: true)];
                }
                // The loop is busy: a full batch goes on its own rather than growing past the transaction's limits.
                Commit? full = _open.Count > 0 && (_open.Count + 1 > MaxOperations || _openBodyBytes + waiter.BodyBytes > MaxBatchBodyBytes)
                    ? new Commit(Take(), Drains: false)
                    : null;
                Add(waiter);
                return full is null ? [] : [full];
            }
        }

        /// <summary>For the commit loop: the batch gathered during its last write, or null when it may stop.</summary>
        public Commit? Next()
        {
            lock (_gate)
            {
                if (_open.Count > 0)
                {
                    return new Commit(Take(), Drains: true);
                }
                _committing = false;
                return null;
            }
        }

        public void Withdraw(Waiter waiter)
        {
            lock (_gate)
            {
                if (_open.Remove(waiter))
                {
                    _openBodyBytes -= waiter.BodyBytes;
                }
            }
        }

        private void Add(Waiter waiter)
        {
            _open.Add(waiter);
            _openBodyBytes += waiter.BodyBytes;
        }

        private List<Waiter> Take()
        {
            var batch = _open;
            _open = [];
            _openBodyBytes = 0;
            return batch;
        }
    }
}
