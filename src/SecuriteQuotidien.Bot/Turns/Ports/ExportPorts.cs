using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;

using SecuriteQuotidien.Bot.Turns;

namespace SecuriteQuotidien.Bot.Turns.Ports;

/// <summary>What an export request gives: the answer, and whether it is the download card (else a French message).</summary>
public sealed record ExportAnswer(Activity Message, bool IsReady, string? ExportId = null);

/// <summary>The texts every Excel export shares.</summary>
public static class ExportMessages
{
    public const string Title = "Votre export Excel est prêt";

    /// <summary>Said in the channel thread: the file itself only goes to the requester's personal chat.</summary>
    public const string SentToPersonalChat =
        "Je vous envoie l'export dans notre conversation privée : le lien de téléchargement n'est valable que pour vous.";

    /// <summary>Said in the channel thread when the requester never opened a personal chat with the bot.</summary>
    public const string NoPersonalChat =
        "Je ne peux pas vous envoyer l'export : ouvrez d'abord une conversation privée avec moi (application « Sécurité du Quotidien »), "
        + "puis écrivez-y « export ».";

    /// <summary>A plain French message.</summary>
    public static Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = text };
}

/// <summary>
/// Offers a workbook by a signed, short-lived, single-use link, as `export` does (same store, same audit event).
/// Implemented by the Export feature.
/// </summary>
public interface IExportPublisher
{
    /// <summary>
    /// Stores a workbook for <paramref name="requesterObjectId"/> alone, records the audit event (<paramref name="auditScope"/>,
    /// <paramref name="auditDetail"/>) before any link exists, and answers the download card <paramref name="cardOf"/>(expiry, link).
    /// </summary>
    Task<ExportAnswer> PublishAsync(byte[] bytes, string fileName, string requesterObjectId, string auditScope, string auditDetail,
        Func<DateTimeOffset, string, AdaptiveCard> cardOf, CancellationToken cancellationToken);
}

/// <summary>
/// Where a download card goes: in a personal chat, in reply; asked from a channel, to the requester's personal chat
/// through the outbox, so that nobody else in the channel sees the link. Implemented by the Export feature.
/// </summary>
public interface IExportDelivery
{
    /// <summary>False when asked from a channel by someone who never opened a personal chat with the bot (nowhere to send the link).</summary>
    Task<bool> CanDeliverAsync(TurnContext turn, BotUser user, CancellationToken cancellationToken);

    /// <summary>Delivers a ready export; true when it went to the personal chat (the channel should be told), false when replied in place.</summary>
    Task<bool> DeliverAsync(TurnContext turn, BotUser user, ExportAnswer answer, CancellationToken cancellationToken);
}
