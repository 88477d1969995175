using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.DevClock;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Playground;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>An issue reported through the form, and the root post its report opened in the sector channel.</summary>
internal sealed record ReportedIssue(string Number, PlaygroundEvent Root)
{
    /// <summary>The thread the root post opened: <c>{channelId};messageid={rootMessageId}</c>.</summary>
    public string Thread => Root.PostConversationId!;
}

/// <summary>What police officers do on an issue's root card in the sector channel, through the playground, and the dev clock.</summary>
internal static class ReferentJourneySteps
{
    public const string ReferentName = "Lieutenant Julien Arnaud";
    public const string ReferentObjectId = DemoPeople.Julien;
    public const string DeputyObjectId = DemoPeople.Sophie;

    /// <summary>The team member id (from.id) of the referent of Gap hyper-centre.</summary>
    public static string ReferentId(this PlaygroundClient client) => client.Tenant.User(ReferentName).Id;

    /// <summary>Installs the app in the team and in the partner's chat (the bot learns both service URLs).</summary>
    public static async Task InstallEverywhereAsync(this PlaygroundClient client)
    {
        await client.InstallInTeamAsync();
        await client.InstallPersonallyAsync();
    }

    /// <summary>The whole report form as the partner, then the root post it opens in the Gap hyper-centre channel.</summary>
    public static async Task<ReportedIssue> ReportAndWaitForRootPostAsync(this PlaygroundClient client)
    {
        var journey = await client.ReportAsync();
        var root = (await client.WaitForBotAsync(1, e => e.Action == PlaygroundEvent.CreateMessage && e.PostConversationId is not null
            && TeamsUser.IsCard(e, TeamsUser.GapHyperCentreChannelId, journey.Number), TeamsUser.Wait))[0];
        return new ReportedIssue(journey.Number, root);
    }

    /// <summary>
    /// Clicks the button <paramref name="verb"/> of <paramref name="card"/> (the root card, or a form shown in
    /// its place) as team member <paramref name="userId"/>, with <paramref name="typed"/> in the form's inputs.
    /// Returns the invoke's answer as the playground relays it (<c>{type, value}</c>).
    /// </summary>
    public static Task<JsonElement> ClickOnIssueCardAsync(this PlaygroundClient client, ReportedIssue issue, JsonObject card, string verb,
        string userId, IReadOnlyDictionary<string, string>? typed = null)
    {
        var (_, data) = CardForm.Click(card, verb, typed);
        return client.InvokeActionAsync(issue.Thread, issue.Root.MessageId!, verb, data, userId);
    }

    /// <summary>The text of an invoke answered with a message (a refusal), or a failure naming what came instead.</summary>
    public static string MessageOf(JsonElement invokeResponse) =>
        invokeResponse.ValueKind == JsonValueKind.Object && invokeResponse.GetProperty("type").GetString() == "application/vnd.microsoft.activity.message"
            ? invokeResponse.GetProperty("value").GetString()!
            : throw new InvalidOperationException("Expected a message answer, got: " + invokeResponse);

    /// <summary>Waits for the root post to be updated in place with a card containing <paramref name="text"/>.</summary>
    public static async Task<JsonObject> WaitForRootUpdateAsync(this PlaygroundClient client, ReportedIssue issue, string text)
    {
        var update = (await client.WaitForBotAsync(1, e => e.Action == PlaygroundEvent.UpdateMessage && e.MessageId == issue.Root.MessageId
            && e.Attachments.Count > 0 && CardForm.AllText(CardForm.CardOf(e)).Contains(text, StringComparison.Ordinal), TeamsUser.Wait))[0];
        return CardForm.CardOf(update);
    }

    /// <summary>Waits for a new message of the bot in the partner's 1:1 chat whose card contains <paramref name="text"/>.</summary>
    public static async Task<PlaygroundEvent> WaitForPartnerMessageAsync(this PlaygroundClient client, string text) =>
        (await client.WaitForBotAsync(1, e => e.Action == PlaygroundEvent.CreateMessage && TeamsUser.IsCard(e, client.Tenant.PersonalChatId, text), TeamsUser.Wait))[0];

    /// <summary>The Teams mention entities of a card (<c>msteams.entities</c>).</summary>
    public static IReadOnlyList<(string Id, string Text)> MentionsOf(JsonObject card) =>
        card["msteams"]?["entities"] is JsonArray entities
            ? [.. entities.OfType<JsonObject>().Where(e => e["type"]?.GetValue<string>() == "mention")
                .Select(e => (e["mentioned"]!["id"]!.GetValue<string>(), e["text"]!.GetValue<string>()))]
            : [];

    /// <summary>GET /_dev/clock of the bot process.</summary>
    public static Task<DevClockState> DevClockAsync(this BotProcess bot) =>
        DevClockCallAsync(bot, http => http.GetAsync(new Uri(bot.BaseUrl, "_dev/clock")));

    /// <summary>POST /_dev/clock {"advance": ISO 8601 duration}: the bot sweeps reminders and wakes its outbox before answering.</summary>
    public static Task<DevClockState> AdvanceClockAsync(this BotProcess bot, string isoDuration) =>
        DevClockCallAsync(bot, http => http.PostAsJsonAsync(new Uri(bot.BaseUrl, "_dev/clock"), new { advance = isoDuration }));

    /// <summary>POST /_dev/clock {"to": instant}.</summary>
    public static Task<DevClockState> MoveClockToAsync(this BotProcess bot, DateTimeOffset instant) =>
        DevClockCallAsync(bot, http => http.PostAsJsonAsync(new Uri(bot.BaseUrl, "_dev/clock"), new { to = instant.ToString("O") }));

    private static async Task<DevClockState> DevClockCallAsync(BotProcess bot, Func<HttpClient, Task<HttpResponseMessage>> call)
    {
        using var http = new HttpClient { Timeout = TeamsUser.Wait };
        using var response = await call(http);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"/_dev/clock answered {(int)response.StatusCode}: {body}");
        }
        return JsonSerializer.Deserialize<DevClockState>(body, JsonSerializerOptions.Web)!;
    }
}
