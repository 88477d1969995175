using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Testing.Playground;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>What a partner does in Teams, through the playground, and what they expect to see.</summary>
internal static class TeamsUser
{
    public const string GapHyperCentreChannelId = "19:gap-hyper-centre@thread.tacv2";
    public const string PersonalWelcomeTitle = "Bienvenue dans Sécurité du Quotidien";
    public const string TeamWelcomeTitle = "Sécurité du Quotidien est installé";
    public const string HelpTitle = "Ce que je sais faire";
    public const string DangerQuestion = "Y a-t-il un danger immédiat ?";

    /// <summary>Generous: the machine may be loaded by other test runs.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static IReadOnlyDictionary<string, string> Place => ReportForm.Place;

    /// <summary>The facts step, dated from the bot's today (its clock reads the test clock).</summary>
    public static IReadOnlyDictionary<string, string> Facts => ReportForm.Facts(ParisTime.DateOf(TestClock.Default().GetUtcNow()));

    /// <summary>True for a message of the bot in <paramref name="conversationId"/> (or a thread of it) whose card contains <paramref name="text"/>.</summary>
    public static bool IsCard(PlaygroundEvent e, string conversationId, string text) =>
        e.IsMessage
        && (e.ConversationId == conversationId || e.ConversationId.StartsWith(conversationId + ";", StringComparison.Ordinal))
        && e.Attachments.Count > 0
        && CardForm.AllText(CardForm.CardOf(e)).Contains(text, StringComparison.Ordinal);

    public static async Task<PlaygroundEvent> WaitForCardAsync(this PlaygroundClient client, string conversationId, string text) =>
        (await client.WaitForBotAsync(1, e => IsCard(e, conversationId, text), Wait))[0];

    /// <summary>Installs the app in the personal chat and waits for the welcome card.</summary>
    public static async Task<PlaygroundEvent> InstallPersonallyAsync(this PlaygroundClient client)
    {
        await client.InstallAppAsync(client.Tenant.PersonalChatId);
        return await client.WaitForCardAsync(client.Tenant.PersonalChatId, PersonalWelcomeTitle);
    }

    /// <summary>Installs the app in the team (the bot learns the channels' service URL) and waits for its welcome in General.</summary>
    public static async Task<PlaygroundEvent> InstallInTeamAsync(this PlaygroundClient client)
    {
        await client.InstallAppAsync(client.Tenant.TeamId);
        return await client.WaitForCardAsync(client.Tenant.TeamId, TeamWelcomeTitle);
    }

    /// <summary>
    /// A message activity of the personal chat, built on the playground's own template (its service
    /// URL, tenant, user and bot), with an id chosen by the test: posted twice, it is one activity redelivered.
    /// </summary>
    public static async Task<JsonObject> PersonalMessageWithIdAsync(this PlaygroundClient client, string activityId, string text)
    {
        var activity = await PersonalActivityAsync(client, activityId);
        activity["type"] = "message";
        activity["text"] = text;
        activity["textFormat"] = "plain";
        return activity;
    }

    /// <summary>A click on "Voir ce que je sais faire" (verb aide) in the personal chat, as an invoke with an id chosen by the test.</summary>
    public static async Task<JsonObject> PersonalHelpClickWithIdAsync(this PlaygroundClient client, string activityId)
    {
        var activity = await PersonalActivityAsync(client, activityId);
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "aide", ["data"] = new JsonObject() },
            ["trigger"] = "manual",
        };
        return activity;
    }

    private static async Task<JsonObject> PersonalActivityAsync(PlaygroundClient client, string activityId)
    {
        var activity = await client.GetActivityTemplateAsync(client.Tenant.PersonalChatId, "install");
        activity.Remove("action");
        activity["id"] = activityId;
        return activity;
    }

    /// <summary>
    /// Posts an activity straight to the bot's endpoint, as the Teams service does when it delivers
    /// (or redelivers) it. Returns the HTTP status and the body (an invoke's answer).
    /// </summary>
    public static async Task<(HttpStatusCode Status, JsonObject? Body)> DeliverAsync(BotProcess bot, JsonObject activity)
    {
        using var http = new HttpClient { Timeout = Wait };
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(bot.MessagesEndpoint), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text)?.AsObject());
    }

    /// <summary>
    /// Waits for the bot's answer to "bonjour" (not understood, always a plain text) in the personal
    /// chat and returns every bot message of that chat received until then, answer included. The bot
    /// handles one conversation's activities in order, so whatever an earlier activity of this chat
    /// caused is among them.
    /// </summary>
    public static async Task<IReadOnlyList<PlaygroundEvent>> ChatUntilBonjourIsAnsweredAsync(this PlaygroundClient client)
    {
        var chat = client.Tenant.PersonalChatId;
        await client.SendPersonalMessageAsync("bonjour");
        var received = new List<PlaygroundEvent>();
        while (received.Count < 20 && received.LastOrDefault()?.Text?.StartsWith(NotUnderstood, StringComparison.Ordinal) != true)
        {
            received.AddRange(await client.WaitForBotAsync(1, e => e.IsMessage && e.ConversationId == chat, Wait));
        }
        return received;
    }

    public const string NotUnderstood = "Je n'ai pas compris votre demande.";

    /// <summary>
    /// The whole report form, as Teams sends it: "signaler", then each button of the card the bot
    /// answered, with the previous card's button data merged with what the user typed.
    /// </summary>
    public static async Task<ReportJourney> ReportAsync(this PlaygroundClient client)
    {
        var chat = client.Tenant.PersonalChatId;
        await client.SendPersonalMessageAsync("signaler");
        var message = await client.WaitForCardAsync(chat, DangerQuestion);
        var roundTrips = 1;
        async Task<JsonObject> ClickAsync(JsonObject card, string verb, IReadOnlyDictionary<string, string>? typed = null, string? title = null)
        {
            roundTrips++;
            return await client.ClickAsync(message, card, verb, typed, title);
        }
        var place = await ClickAsync(CardForm.CardOf(message), "signaler-danger", title: "Non, continuer le signalement");
        var facts = await ClickAsync(place, "signaler-lieu", Place);
        var summary = await ClickAsync(facts, "signaler-faits", Facts);
        var confirmation = await ClickAsync(summary, "signaler-envoyer");
        return new ReportJourney(message, summary, confirmation, roundTrips);
    }
}

/// <summary>What the report journey produced: the card message the form lived in, the last two cards, and the user's round-trips (a typed message or a click, each answered once).</summary>
internal sealed record ReportJourney(PlaygroundEvent FormMessage, JsonObject Summary, JsonObject Confirmation, int RoundTrips)
{
    /// <summary>The issue number from the confirmation title "Signalement 05-2026-0042 envoyé".</summary>
    public string Number
    {
        get
        {
            var title = Confirmation["body"]![0]!["text"]!.GetValue<string>();
            var match = System.Text.RegularExpressions.Regex.Match(title, @"^Signalement (05-\d{4}-\d{4}) envoyé$");
            return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("Unexpected confirmation title: " + title);
        }
    }
}
