using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Privacy;

/// <summary>
/// The row-level work of anonymisation, erasure and purge on tables owned by other stores: rewriting an
/// issue's timeline rows, removing index rows and conversation references, purging settled technical rows.
/// Key layouts follow docs/storage.md.
/// </summary>
public sealed class PersonalDataRows(PrivacyTables privacy)
{
    private const int BatchSize = 100;
    private StorageTables Tables => privacy.Storage;

    /// <summary>
    /// Rewrites the actor and free text of the issue's timeline rows with <paramref name="rewrite"/> (kind, instant,
    /// visibility and id stay). Returns how many rows changed. Idempotent when the rewrite is.
    /// </summary>
    public async Task<int> RewriteEventsAsync(IReadOnlyList<IssueEvent> timeline, Func<IssueEvent, IssueEvent> rewrite,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(rewrite);
        var actions = new List<TableTransactionAction>();
        foreach (var issueEvent in timeline)
        {
            var next = rewrite(issueEvent);
            if (next.ActorObjectId == issueEvent.ActorObjectId && next.Payload == issueEvent.Payload)
            {
                continue;
            }
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(issueEvent.IssueNumber.ToString(), TableKey.Escape(issueEvent.Id))
                {
                    ["ActorObjectId"] = next.ActorObjectId,
                    ["Payload"] = next.Payload,
                }, ETag.All));
        }
        // One partition per issue: batches of 100 are transactions.
        foreach (var batch in actions.Chunk(BatchSize))
        {
            await Tables.IssueEvents.SubmitTransactionAsync(batch, cancellationToken);
        }
        return actions.Count;
    }

    /// <summary>Removes the "mes signalements" index row of an issue for its (original) reporter. Missing: no-op.</summary>
    public async Task DeleteReporterPointerAsync(string reporterObjectId, IssueNumber number, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reporterObjectId);
        await Tables.IssuesByReporter.DeleteEntityAsync(TableKey.Escape(reporterObjectId.ToLowerInvariant()), number.ToString(),
            cancellationToken: cancellationToken);
    }

    /// <summary>Deletes the personal-chat conversation reference of a user. True when there was one.</summary>
    public async Task<bool> DeleteUserConversationAsync(string tenantId, string objectId, CancellationToken cancellationToken)
    {
        var response = await Tables.Conversations.DeleteEntityAsync(TableKey.Join("user", tenantId.ToLowerInvariant()),
            TableKey.Escape(objectId.ToLowerInvariant()), cancellationToken: cancellationToken);
        return response.Status != 404;
    }

    /// <summary>
    /// Deletes up to <paramref name="max"/> processed-activity ids last written before <paramref name="cutoff"/>.
    /// The table is small (ids expire within a day), so a filtered query over it is cheap.
    /// </summary>
    public Task<int> PurgeProcessedActivitiesAsync(DateTimeOffset cutoff, int max, CancellationToken cancellationToken) =>
        DeleteMatchingAsync(Tables.ProcessedActivities, TableClient.CreateQueryFilter($"Timestamp lt {cutoff}"), max, cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="max"/> outbox messages sent or failed for good and last written before
    /// <paramref name="cutoff"/> (pending messages are never touched). Their idempotency key is forgotten with them.
    /// </summary>
    public Task<int> PurgeSettledOutboxAsync(DateTimeOffset cutoff, int max, CancellationToken cancellationToken) =>
        DeleteMatchingAsync(Tables.Outbox, TableClient.CreateQueryFilter(
            $"PartitionKey eq {"outbox"} and RowKey ge {"msg|"} and RowKey lt {"msg}"} and State ne {"Pending"} and Timestamp lt {cutoff}"),
            max, cancellationToken);

    private static async Task<int> DeleteMatchingAsync(TableClient table, string filter, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var keys = new List<(string Partition, string Row)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add((row.PartitionKey, row.RowKey));
            if (keys.Count == max)
            {
                break;
            }
        }
        foreach (var partition in keys.GroupBy(k => k.Partition))
        {
            foreach (var batch in partition.Chunk(BatchSize))
            {
                try
                {
                    await table.SubmitTransactionAsync(batch.Select(k =>
                        new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.Partition, k.Row), ETag.All)), cancellationToken);
                }
                catch (TableTransactionFailedException ex) when (ex.IsNotFound())
                {
                    // Someone deleted one of them meanwhile (another purge, a takeover): delete the rest one by one.
                    foreach (var (partitionKey, rowKey) in batch)
                    {
                        await table.DeleteEntityAsync(partitionKey, rowKey, cancellationToken: cancellationToken);
                    }
                }
            }
        }
        return keys.Count;
    }
}
