using System.Net;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Playground;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>
/// The ids of two activities of the personal chat (the typed message "aide" and a click on the help
/// button), posted straight to a bot as the Teams service delivers them, then redelivered.
/// </summary>
internal sealed record Redelivery(string MessageId, string ClickId)
{
    public static Redelivery New()
    {
        var unique = Guid.NewGuid().ToString("N");
        return new Redelivery("e2e-message-" + unique, "e2e-click-" + unique);
    }

    /// <summary>First delivery: the message gets the help card in the chat, the click gets it as its answer.</summary>
    public async Task DeliverAsync(PlaygroundClient client, BotProcess bot)
    {
        var (status, _) = await TeamsUser.DeliverAsync(bot, await client.PersonalMessageWithIdAsync(MessageId, "aide"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        await client.WaitForCardAsync(client.Tenant.PersonalChatId, TeamsUser.HelpTitle);

        var (clickStatus, answer) = await TeamsUser.DeliverAsync(bot, await client.PersonalHelpClickWithIdAsync(ClickId));
        Assert.Equal(HttpStatusCode.OK, clickStatus);
        Assert.Equal(CardForm.AdaptiveCardContentType, answer?["type"]?.GetValue<string>());
        Assert.Contains(TeamsUser.HelpTitle, CardForm.AllText(answer!["value"]!), StringComparison.Ordinal);
    }

    /// <summary>
    /// Redelivery to <paramref name="bot"/>: the message is accepted but not processed (no help card
    /// before the answer to a later message of the same chat), the click is answered without a card.
    /// </summary>
    public async Task AssertIgnoredAsync(PlaygroundClient client, BotProcess bot)
    {
        var (status, _) = await TeamsUser.DeliverAsync(bot, await client.PersonalMessageWithIdAsync(MessageId, "aide"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var chat = await client.ChatUntilBonjourIsAnsweredAsync();
        Assert.DoesNotContain(chat, e => TeamsUser.IsCard(e, client.Tenant.PersonalChatId, TeamsUser.HelpTitle));

        var (clickStatus, answer) = await TeamsUser.DeliverAsync(bot, await client.PersonalHelpClickWithIdAsync(ClickId));
        Assert.Equal(HttpStatusCode.OK, clickStatus);
        Assert.Equal(200, answer?["statusCode"]?.GetValue<int>());
        Assert.Null(answer?["type"]);
        Assert.Null(answer?["value"]);
    }
}
