using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Domain.Departments;

namespace SecuriteQuotidien.Bot.Cards;

/// <summary>The sector's police @mentioned on a card, by Entra object id, through <c>msteams.entities</c> (the form Teams documents for cards).</summary>
public static class SectorMentions
{
    /// <summary>
    /// The card with a subtle "Référent : @… · Suppléance : @…" line and the matching <c>msteams.entities</c>
    /// (the issues' reminders, the diagnostics' police action reminders); unchanged when there is nobody to mention.
    /// </summary>
    public static AdaptiveCard Add(AdaptiveCard card, Sector? sector, IDirectory directory, bool mentionDeputy)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(directory);
        var mentions = sector is null ? [] : MentionsFor(sector, directory, mentionDeputy);
        if (mentions.Count == 0)
        {
            return card;
        }
        var line = string.Join(" · ", mentions.Select(m => $"{m.Role} : {m.Mention.Text}"));
        return card with
        {
            Body = [.. card.Body, new TextBlock { Text = line, Wrap = true, IsSubtle = true }],
            MsTeams = (card.MsTeams ?? new TeamsCardProperties()) with { Entities = [.. mentions.Select(m => m.Mention)] },
        };
    }

    private sealed record RoleMention(string Role, CardMention Mention);

    private static List<RoleMention> MentionsFor(Sector sector, IDirectory directory, bool mentionDeputy)
    {
        var mentions = new List<RoleMention>();
        Mention("Référent", sector.ReferentObjectId);
        if (mentionDeputy && !string.Equals(sector.DeputyObjectId, sector.ReferentObjectId, StringComparison.OrdinalIgnoreCase))
        {
            Mention("Suppléance", sector.DeputyObjectId);
        }
        return mentions;

        void Mention(string role, string objectId)
        {
            if (string.IsNullOrWhiteSpace(objectId))
            {
                return;
            }
            var name = CardText.Clean(directory.FindStaff(objectId)?.DisplayName ?? role, maxLength: 100);
            mentions.Add(new RoleMention(role, new CardMention
            {
                Text = $"<at>{name}</at>",
                Mentioned = new CardMentioned { Id = objectId, Name = name },
            }));
        }
    }
}
