using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.State;

/// <summary>
/// PartitionKey = "user|{tenant}" or "channel|{tenant}", RowKey = Entra object id or Teams channel id.
/// A save only moves a reference forward in time (ETag-checked), so a late, older activity cannot undo a newer one.
/// Channel references are read for every proactive post and change almost never, so an instance keeps them for
/// <see cref="StorageOptions.ChannelReferenceCacheDuration"/>; user references are always read (they are personal
/// data an erasure must remove at once).
/// </summary>
public sealed class ConversationReferenceStore(StorageTables tables, TimeProvider time, IOptions<StorageOptions> options)
    : IConversationReferenceStore
{
    private const int MaxAttempts = 5;
    private const int MaxCachedChannels = 1024;

    private readonly ConcurrentDictionary<(string Partition, string Row), CachedReference> _channels = new();

    public async Task SaveAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var key = KeyOf(reference);
        if (key is null)
        {
            // Group chats are not addressed proactively by the bot.
            return;
        }
        var json = JsonSerializer.Serialize(reference, BotJsonContext.Default.ConversationReference);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await tables.Conversations.GetEntityIfExistsAsync<TableEntity>(key.Value.Partition, key.Value.Row,
                cancellationToken: cancellationToken);
            var row = new TableEntity(key.Value.Partition, key.Value.Row) { ["Reference"] = json, ["LastSeen"] = reference.LastSeen };
            try
            {
                if (!existing.HasValue)
                {
                    await tables.Conversations.AddEntityAsync(row, cancellationToken);
                    Remember(key.Value, reference);
                    return;
                }
                if (existing.Value!.GetDateTimeOffset("LastSeen") > reference.LastSeen)
                {
                    _channels.TryRemove(key.Value, out _);
                    return;
                }
                await tables.Conversations.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                Remember(key.Value, reference);
                return;
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
            {
                // Someone saved meanwhile: re-read and compare again.
            }
        }
        _channels.TryRemove(key.Value, out _);
    }

    public Task<ConversationReference?> FindUserAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken) =>
        FindAsync(UserKey(tenantId, aadObjectId), cancellationToken);

    public async Task<ConversationReference?> FindChannelAsync(string tenantId, string teamsChannelId, CancellationToken cancellationToken)
    {
        var key = ChannelKey(tenantId, teamsChannelId);
        if (_channels.TryGetValue(key, out var cached) && cached.ExpiresAt > time.GetUtcNow())
        {
            return cached.Reference;
        }
        var reference = await FindAsync(key, cancellationToken);
        if (reference is not null)
        {
            Remember(key, reference);
        }
        return reference;
    }

    // Only channel keys are cached; an unknown channel is not (the bot may be added to its team any minute).
    private void Remember((string Partition, string Row) key, ConversationReference reference)
    {
        var duration = options.Value.ChannelReferenceCacheDuration;
        if (duration <= TimeSpan.Zero || !key.Partition.StartsWith("channel", StringComparison.Ordinal))
        {
            return;
        }
        if (_channels.Count >= MaxCachedChannels)
        {
            _channels.Clear();
        }
        _channels[key] = new CachedReference(reference, time.GetUtcNow() + duration);
    }

    private sealed record CachedReference(ConversationReference Reference, DateTimeOffset ExpiresAt);

    private async Task<ConversationReference?> FindAsync((string Partition, string Row) key, CancellationToken cancellationToken)
    {
        var row = await tables.Conversations.GetEntityIfExistsAsync<TableEntity>(key.Partition, key.Row, cancellationToken: cancellationToken);
        return row.HasValue
            ? JsonSerializer.Deserialize(row.Value!.GetString("Reference"), BotJsonContext.Default.ConversationReference)
            : null;
    }

    private static (string Partition, string Row)? KeyOf(ConversationReference reference)
    {
        if (string.IsNullOrEmpty(reference.TenantId))
        {
            return null;
        }
        if (!string.IsNullOrEmpty(reference.TeamsChannelId) && reference.ConversationType == "channel")
        {
            return ChannelKey(reference.TenantId, reference.TeamsChannelId);
        }
        if (!string.IsNullOrEmpty(reference.UserAadObjectId) && reference.ConversationType is "personal" or null)
        {
            return UserKey(reference.TenantId, reference.UserAadObjectId);
        }
        return null;
    }

    private static (string, string) UserKey(string tenantId, string objectId) =>
        (TableKey.Join("user", tenantId.ToLowerInvariant()), TableKey.Escape(objectId.ToLowerInvariant()));

    private static (string, string) ChannelKey(string tenantId, string channelId) =>
        (TableKey.Join("channel", tenantId.ToLowerInvariant()), TableKey.Escape(channelId));
}
