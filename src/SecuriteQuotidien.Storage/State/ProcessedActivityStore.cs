using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.State;

/// <summary>
/// PartitionKey = one of <see cref="BucketCount"/> hash buckets ("bucket-0"…), RowKey = conversation id | activity id,
/// with an expiry. Insert-if-absent decides who processes an activity; an expired row is taken over with an
/// ETag-checked replace.
/// </summary>
/// <remarks>
/// Group commit: while a bucket has a write in flight, the calls that arrive meanwhile wait and are then written
/// together as one entity group transaction (up to <see cref="MaxBatch"/> rows, the service's limit). A call that
/// finds its bucket idle is written at once, so a quiet bot pays no gathering delay; under load the batches grow
/// by themselves. A transaction fails whole when one of its rows exists: that batch then takes the per-row path,
/// so every caller gets the answer it would have had alone.
/// </remarks>
public sealed class ProcessedActivityStore : IProcessedActivityStore
{
    /// <summary>
    /// Fixed: every instance must find a given activity in the same bucket. Changing it makes old rows invisible
    /// to the check until they expire.
    /// </summary>
    internal const int BucketCount = 4;

    /// <summary>Entity group transactions take at most 100 operations.</summary>
    internal const int MaxBatch = 100;

    private readonly StorageTables _tables;
    private readonly IOptions<StorageOptions> _options;
    private readonly TimeProvider _time;
    private readonly Bucket[] _buckets;

    public ProcessedActivityStore(StorageTables tables, IOptions<StorageOptions> options, TimeProvider time)
    {
        _tables = tables;
        _options = options;
        _time = time;
        _buckets = [.. Enumerable.Range(0, BucketCount).Select(i => new Bucket($"bucket-{i}"))];
    }

    public async Task<bool> TryMarkProcessedAsync(string conversationId, string activityId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        cancellationToken.ThrowIfCancellationRequested();

        var waiter = new Waiter(RowKeyOf(conversationId, activityId));
        var bucket = _buckets[BucketOf(waiter.RowKey)];
        if (bucket.Enter(waiter) is { } start)
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

    private async Task CommitAsync(Bucket bucket, Commit commit)
    {
        for (Commit? next = commit; next is not null; next = next.Drains ? bucket.Next() : null)
        {
            await CommitBatchAsync(bucket.PartitionKey, next.Waiters);
        }
    }

    // The writes serve several callers at once, so no single caller's token cancels them; a cancelled caller
    // stops waiting (see TryMarkProcessedAsync) and the client's own timeouts bound the request.
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
                        byKey.Select(g => new TableTransactionAction(TableTransactionActionType.Add, Row(partitionKey, g.Key, expiresAt))),
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
            Settle(group, await TryMarkOneAsync(Row(partitionKey, group.Key, expiresAt), now));
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

    private static TableEntity Row(string partitionKey, string rowKey, DateTimeOffset expiresAt) =>
        new(partitionKey, rowKey) { ["ExpiresAt"] = expiresAt };

    private async Task<bool> TryMarkOneAsync(TableEntity row, DateTimeOffset now)
    {
        var table = _tables.ProcessedActivities;
        try
        {
            await table.AddEntityAsync(row, CancellationToken.None);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
        }

        var existing = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: CancellationToken.None);
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

    private sealed class Waiter(string rowKey)
    {
        public string RowKey { get; } = rowKey;

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
        private bool _committing;

        public string PartitionKey { get; } = partitionKey;

        /// <summary>Adds the waiter; returns a batch the caller must start committing, or null when one is on its way.</summary>
        public Commit? Enter(Waiter waiter)
        {
            lock (_gate)
            {
                _open.Add(waiter);
                if (!_committing)
                {
                    _committing = true;
                    return new Commit(Take(), Drains: true);
                }
                // The loop is busy: a full batch goes on its own rather than growing past the transaction limit.
                return _open.Count >= MaxBatch ? new Commit(Take(), Drains: false) : null;
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
                _open.Remove(waiter);
            }
        }

        private List<Waiter> Take()
        {
            var batch = _open;
            _open = [];
            return batch;
        }
    }
}
