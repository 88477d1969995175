using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Outbox;

/// <summary>
/// One partition ("outbox") holds, per message, a message row ("msg|key": payload and state) and,
/// while pending, a due row ("due|ticks|key") whose RowKey sorts by next attempt time. Claiming reads
/// only due rows up to now, and moves the due row with a transaction that deletes it by ETag: of two
/// instances, exactly one transaction succeeds. The due row of a claim is the claim itself.
/// </summary>
public sealed class TableOutbox(StorageTables tables, TimeProvider time) : IOutbox
{
    private const string Partition = "outbox";
    private const string MessagePrefix = "msg|";
    private const string DuePrefix = "due|";
    // A string property holds at most 32K UTF-16 characters: the activity is split in chunks.
    private const int ChunkLength = 30_000;
    private const int MaxChunks = 8;
    private const int MaxErrorLength = 2_000;

    // A transaction holds at most 100 actions (two per message) and 4 MiB: messages are grouped below both.
    private const int MaxMessagesPerTransaction = 50;
    // Activity characters per transaction: at most 3 UTF-8 bytes each, the rest of a row is small.
    private const int MaxCharactersPerTransaction = 1_000_000;

    public async Task<bool> EnqueueAsync(string idempotencyKey, ConversationReference target, string activityJson,
        DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        var actions = EnqueueActions(new OutboxEnqueue(idempotencyKey, target, activityJson, notBefore), time.GetUtcNow());
        try
        {
            await tables.Outbox.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    /// <summary>
    /// Messages go in groups of up to 50 per transaction (all rows are in one partition). A group with a key
    /// already known fails whole: its messages are then enqueued one by one, so each gets its own answer.
    /// A key repeated within <paramref name="messages"/> is added once (the first) and false for the others.
    /// </summary>
    public async Task<IReadOnlyList<bool>> EnqueueManyAsync(IReadOnlyList<OutboxEnqueue> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var now = time.GetUtcNow();
        var added = new bool[messages.Count];
        var firsts = Enumerable.Range(0, messages.Count).DistinctBy(i => messages[i].Key, StringComparer.Ordinal)
            .Select(i => (Index: i, Actions: EnqueueActions(messages[i], now))).ToList();
        await Task.WhenAll(Groups(firsts, m => messages[m.Index].ActivityJson.Length)
            .Select(async group =>
            {
                try
                {
                    await tables.Outbox.SubmitTransactionAsync(group.SelectMany(m => m.Actions), cancellationToken);
                    foreach (var (index, _) in group)
                    {
                        added[index] = true;
                    }
                }
                catch (TableTransactionFailedException ex) when (ex.IsConflict())
                {
                    await Task.WhenAll(group.Select(async m => added[m.Index] =
                        await EnqueueAsync(messages[m.Index].Key, messages[m.Index].Target, messages[m.Index].ActivityJson, messages[m.Index].NotBefore, cancellationToken)));
                }
            }));
        return added;
    }

    private static IEnumerable<List<T>> Groups<T>(IEnumerable<T> items, Func<T, int> characters)
    {
        var group = new List<T>();
        var size = 0;
        foreach (var item in items)
        {
            var length = characters(item);
            if (group.Count > 0 && (group.Count == MaxMessagesPerTransaction || size + length > MaxCharactersPerTransaction))
            {
                yield return group;
                group = [];
                size = 0;
            }
            group.Add(item);
            size += length;
        }
        if (group.Count > 0)
        {
            yield return group;
        }
    }

    // The message row and its due row: added together, so a repeated key (the message row exists) adds neither.
    private static TableTransactionAction[] EnqueueActions(OutboxEnqueue enqueue, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(enqueue);
        var (idempotencyKey, target, activityJson, notBefore) = enqueue;
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(activityJson);
        if (activityJson.Length > ChunkLength * MaxChunks)
        {
            throw new ArgumentException($"Activity larger than {ChunkLength * MaxChunks} characters.", nameof(enqueue));
        }
        var dueAt = notBefore ?? now;
        var dueRowKey = DueRowKey(dueAt, idempotencyKey);
        var message = new TableEntity(Partition, MessageRowKey(idempotencyKey))
        {
            ["Key"] = idempotencyKey,
            ["Target"] = JsonSerializer.Serialize(target, BotJsonContext.Default.ConversationReference),
            ["State"] = nameof(OutboxState.Pending),
            ["Attempts"] = 0,
            ["NextAttemptAt"] = dueAt,
            ["CreatedAt"] = now,
            ["DueRowKey"] = dueRowKey,
        };
        var chunks = activityJson.Chunk(ChunkLength).Select(c => new string(c)).ToList();
        message["ActivityChunks"] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++)
        {
            message["Activity" + i.ToString(CultureInfo.InvariantCulture)] = chunks[i];
        }
        return
        [
            new TableTransactionAction(TableTransactionActionType.Add, message),
            new TableTransactionAction(TableTransactionActionType.Add, DueRow(dueRowKey, idempotencyKey)),
        ];
    }

    public async Task<IReadOnlyList<OutboxClaim>> ClaimDueAsync(string owner, int max, TimeSpan claimDuration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = time.GetUtcNow();
        var upTo = DuePrefix + Ticks(now.AddTicks(1));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {DuePrefix} and RowKey lt {upTo}");
        var due = new List<TableEntity>();
        await foreach (var row in tables.Outbox.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: cancellationToken))
        {
            due.Add(row);
            if (due.Count == max)
            {
                break;
            }
        }

        var claims = new List<OutboxClaim>();
        foreach (var dueRow in due)
        {
            var claim = await TryClaimAsync(dueRow, owner, now + claimDuration, cancellationToken);
            if (claim is not null)
            {
                claims.Add(claim);
            }
        }
        return claims;
    }

    public Task<bool> CompleteAsync(OutboxClaim claim, CancellationToken cancellationToken) =>
        SettleAsync(claim, nextDueRowKey: null, new Dictionary<string, object?>
        {
            ["State"] = nameof(OutboxState.Sent),
            ["SentAt"] = time.GetUtcNow(),
        }, cancellationToken);

    public Task<bool> RescheduleAsync(OutboxClaim claim, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        SettleAsync(claim, DueRowKey(nextAttemptAt, claim.Message.Key), new Dictionary<string, object?>
        {
            ["NextAttemptAt"] = nextAttemptAt,
            ["LastError"] = Truncate(error),
        }, cancellationToken);

    public Task<bool> FailAsync(OutboxClaim claim, string error, CancellationToken cancellationToken) =>
        SettleAsync(claim, nextDueRowKey: null, new Dictionary<string, object?>
        {
            ["State"] = nameof(OutboxState.FailedPermanent),
            ["LastError"] = Truncate(error),
        }, cancellationToken);

    public async Task<OutboxMessage?> GetAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var row = await tables.Outbox.GetEntityIfExistsAsync<TableEntity>(Partition, MessageRowKey(idempotencyKey), cancellationToken: cancellationToken);
        return row.HasValue ? ToMessage(row.Value!) : null;
    }

    private async Task<OutboxClaim?> TryClaimAsync(TableEntity dueRow, string owner, DateTimeOffset claimedUntil, CancellationToken cancellationToken)
    {
        var key = dueRow.GetString("Key");
        var messageRow = await tables.Outbox.GetEntityIfExistsAsync<TableEntity>(Partition, MessageRowKey(key), cancellationToken: cancellationToken);
        if (!messageRow.HasValue)
        {
            return null;
        }
        var message = ToMessage(messageRow.Value!);
        var claimRowKey = DueRowKey(claimedUntil, key);
        var update = new TableEntity(Partition, MessageRowKey(key))
        {
            ["Attempts"] = message.Attempts + 1,
            ["ClaimedBy"] = owner,
            ["DueRowKey"] = claimRowKey,
        };
        try
        {
            await tables.Outbox.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Delete, dueRow, dueRow.ETag),
                new TableTransactionAction(TableTransactionActionType.Add, DueRow(claimRowKey, key)),
                new TableTransactionAction(TableTransactionActionType.UpdateMerge, update, messageRow.Value!.ETag),
            ], cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.IsLostRace())
        {
            return null;
        }
        return new OutboxClaim(message with { Attempts = message.Attempts + 1 }, owner, claimedUntil, claimRowKey);
    }

    // Ends a claim: its due row is deleted (the proof the claim still holds) in the same transaction as
    // the message row changes, and optionally a new due row is added for a later attempt.
    private async Task<bool> SettleAsync(OutboxClaim claim, string? nextDueRowKey, Dictionary<string, object?> changes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var update = new TableEntity(Partition, MessageRowKey(claim.Message.Key)) { ["DueRowKey"] = nextDueRowKey ?? "" };
        foreach (var (name, value) in changes)
        {
            update[name] = value;
        }
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Delete, new TableEntity(Partition, claim.Token), ETag.All),
            new(TableTransactionActionType.UpdateMerge, update, ETag.All),
        };
        if (nextDueRowKey is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, DueRow(nextDueRowKey, claim.Message.Key)));
        }
        try
        {
            await tables.Outbox.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.IsLostRace())
        {
            return false;
        }
    }

    private static OutboxMessage ToMessage(TableEntity row)
    {
        var activity = new StringBuilder();
        var chunks = row.GetInt32("ActivityChunks") ?? 0;
        for (var i = 0; i < chunks; i++)
        {
            activity.Append(row.GetString("Activity" + i.ToString(CultureInfo.InvariantCulture)));
        }
        return new OutboxMessage
        {
            Key = row.GetString("Key"),
            Target = JsonSerializer.Deserialize(row.GetString("Target"), BotJsonContext.Default.ConversationReference)!,
            ActivityJson = activity.ToString(),
            State = Enum.Parse<OutboxState>(row.GetString("State")),
            Attempts = row.GetInt32("Attempts") ?? 0,
            NextAttemptAt = row.GetDateTimeOffset("NextAttemptAt")!.Value,
            LastError = row.GetString("LastError"),
            CreatedAt = row.GetDateTimeOffset("CreatedAt")!.Value,
            SentAt = row.GetDateTimeOffset("SentAt"),
        };
    }

    private static TableEntity DueRow(string rowKey, string key) => new(Partition, rowKey) { ["Key"] = key };

    private static string MessageRowKey(string key) => MessagePrefix + TableKey.Escape(key);

    private static string DueRowKey(DateTimeOffset dueAt, string key) => DuePrefix + Ticks(dueAt) + TableKey.Separator + TableKey.Escape(key);

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
}
