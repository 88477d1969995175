using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;

namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>
/// The stored reference that gives a channel's service URL: the channel's own, else its team's (the General channel's
/// id is the team's id, and a team installation is often all the bot has heard). Read when a post is queued, and again
/// when it is sent: a channel the bot learns of after the post was queued is reached at its real address.
/// </summary>
public sealed class ChannelReferences(IConversationReferenceStore references)
{
    public async Task<ConversationReference?> FindAsync(string tenantId, string channelId, string? teamId, CancellationToken cancellationToken)
    {
        var known = await references.FindChannelAsync(tenantId, channelId, cancellationToken);
        if (known is null && !string.IsNullOrEmpty(teamId) && teamId != channelId)
        {
            known = await references.FindChannelAsync(tenantId, teamId, cancellationToken);
        }
        return known;
    }
}
