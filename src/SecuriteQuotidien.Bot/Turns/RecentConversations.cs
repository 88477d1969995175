using System.Collections.Concurrent;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.Bot.Turns;

/// <summary>
/// Remembers which conversation references this instance stored lately, so that a busy chat does
/// not rewrite the same row on every message: a reference is saved again only when its service URL
/// changed or after <see cref="RefreshAfter"/> (which keeps "last seen" roughly current).
/// </summary>
public sealed class RecentConversations(TimeProvider time)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromHours(1);
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, (string ServiceUrl, DateTimeOffset SavedAt)> _saved = new(StringComparer.Ordinal);

    public bool NeedsSaving(ConversationReference reference) =>
        !_saved.TryGetValue(KeyOf(reference), out var entry)
        || !string.Equals(entry.ServiceUrl, reference.ServiceUrl, StringComparison.Ordinal)
        || time.GetUtcNow() - entry.SavedAt > RefreshAfter;

    public void Saved(ConversationReference reference)
    {
        if (_saved.Count >= MaxEntries)
        {
            // Bounded memory: forgetting only costs one extra write per conversation.
            _saved.Clear();
        }
        _saved[KeyOf(reference)] = (reference.ServiceUrl, time.GetUtcNow());
    }

    private static string KeyOf(ConversationReference reference) =>
        $"{reference.TenantId}|{reference.ConversationId}|{reference.UserAadObjectId}";
}
