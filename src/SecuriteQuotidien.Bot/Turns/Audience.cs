
namespace SecuriteQuotidien.Bot.Turns;

/// <summary>
/// Who may use an action, checked by the kernel against the stored object the action is about (never
/// against ids carried by the card). Flags combine: any one that matches admits the caller; none: refused.
/// </summary>
[Flags]
public enum Audience
{
    None = 0,

    /// <summary>The partner who reported (or follows) the issue; the organisation that owns a diagnostic action.</summary>
    Owner = 1,

    /// <summary>Any partner of the department (actions about no stored object: report, my reports).</summary>
    Partner = 2,

    /// <summary>The referent and the deputy of the object's sector (of any sector for an action about no object).</summary>
    SectorPolice = 4,

    Commissioner = 8,

    /// <summary>Manages the department and answers rights requests; does not act on issue content.</summary>
    Administrator = 16,

    /// <summary>A member of the conversation where the bot posted the object's card (Teams sent the call from it).</summary>
    ConversationMember = 32,

    /// <summary>Anybody who writes to the bot, known to the directory or not (help, welcome).</summary>
    Anyone = 64,

    /// <summary>A partner whose organisation is a GPO member of the object's sector (the partner version of its meeting kit).</summary>
    SectorPartner = 128,

    Police = SectorPolice | Commissioner,
}

/// <summary>What the kernel knows of the object an action is about, from the store.</summary>
/// <param name="SectorId">The object's sector (null: the action is about no sector).</param>
/// <param name="OwnerObjectIds">The partners the object belongs to (an issue's reporter and followers).</param>
/// <param name="OwnerOrganisationId">The partner organisation the object belongs to (a diagnostic action's owner).</param>
/// <param name="PostedConversationId">Where the bot posted the object's card (an issue's thread).</param>
/// <param name="Restricted">A restricted category: only its owner among partners may see it.</param>
public sealed record TargetFacts(
    string? SectorId = null,
    IReadOnlyCollection<string>? OwnerObjectIds = null,
    string? OwnerOrganisationId = null,
    string? PostedConversationId = null,
    bool Restricted = false)
{
    public static TargetFacts Nothing { get; } = new();
}

/// <summary>The audience rule, in one place.</summary>
public static class AudienceRule
{
    /// <summary>The audience flags the caller matches for this object (None: default deny).</summary>
    public static Audience Match(BotUser user, TargetFacts target, string? conversationId)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(target);
        var roles = user.Roles;
        var matched = Audience.Anyone;
        if (user.AadObjectId is not { } objectId)
        {
            return matched;
        }
        if (roles.Partner is { } partner)
        {
            matched |= Audience.Partner;
            var ownsByPerson = target.OwnerObjectIds?.Contains(objectId, StringComparer.OrdinalIgnoreCase) == true;
            var ownsByOrganisation = target.OwnerOrganisationId is { } organisation
                && string.Equals(organisation, partner.Organisation.Id, StringComparison.Ordinal);
            if (ownsByPerson || ownsByOrganisation)
            {
                matched |= Audience.Owner;
            }
            if (target.SectorId is { } partnerSector && partner.SectorIds.Contains(partnerSector, StringComparer.Ordinal))
            {
                matched |= Audience.SectorPartner;
            }
        }
        var policeSectors = roles.PoliceSectorIds.ToList();
        if (target.SectorId is { } sector ? policeSectors.Contains(sector, StringComparer.Ordinal) : policeSectors.Count > 0)
        {
            matched |= Audience.SectorPolice;
        }
        if (roles.IsCommissioner)
        {
            matched |= Audience.Commissioner;
        }
        if (roles.IsAdministrator)
        {
            matched |= Audience.Administrator;
        }
        if (target.PostedConversationId is { } posted && conversationId is not null && SameConversation(posted, conversationId))
        {
            matched |= Audience.ConversationMember;
        }
        return matched;
    }

    public static bool Admits(Audience declared, Audience matched) => (declared & matched) != Audience.None;

    /// <summary>True when the caller may see police-only content of the object (its police view).</summary>
    public static bool SeesPoliceView(Audience matched) => (matched & Audience.Police) != Audience.None;

    /// <summary>A thread ("19:…;messageid=…") is the conversation of its channel post; compared ordinally.</summary>
    private static bool SameConversation(string posted, string calling) => string.Equals(posted, calling, StringComparison.Ordinal);
}
