using System.Text.Json;
using SecuriteQuotidien.Testing.Playground;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.EndToEnd.Tests.Playground;

/// <summary>
/// Self-test of the playground driver against <see cref="EchoBot"/>: what the real Agents
/// Playground sends to a bot, and what it shows of the bot's answers.
/// </summary>
public sealed class PlaygroundDriverTests(EchoBotPlaygroundFixture fixture) : IClassFixture<EchoBotPlaygroundFixture>
{
    private const string BotId = "28:00000000-0000-4000-8000-0000000000b0";
    private const string TenantId = DemoDepartment.Tenant;
    private const string PersonalChatId = "a:personal-camille-roux";
    private const string GapHyperCentreChannelId = "19:gap-hyper-centre@thread.tacv2";
    private const string BrianconHyperCentreChannelId = "19:briancon-hyper-centre@thread.tacv2";
    private const string CamilleId = "29:partner-camille-roux";
    private const string JulienId = "29:referent-julien-arnaud";

    private PlaygroundClient Client => fixture.Client;
    private EchoBot Bot => fixture.Bot;

    [Fact]
    public async Task A_personal_message_reaches_the_bot_and_its_reply_comes_back_over_the_websocket()
    {
        var posted = await Client.SendPersonalMessageAsync("bonjour depuis Gap");

        Assert.Equal(PersonalChatId, posted.ConversationId);
        Assert.Matches("^[0-9]{13}$", posted.MessageId);

        var reply = Assert.Single(await Client.WaitForBotAsync(1, e => e.Text == "écho : bonjour depuis Gap"));
        Assert.Equal(PlaygroundEvent.CreateMessage, reply.Action);
        Assert.Equal(PersonalChatId, reply.ConversationId);
        Assert.Null(reply.PostConversationId);
        Assert.Equal(BotId, reply.FromId);
        Assert.Matches("^[0-9]{13}", reply.MessageId);

        var activity = await Bot.WaitForActivityAsync(a => Text(a, "text") == "bonjour depuis Gap");
        Assert.Equal("message", Text(activity, "type"));
        Assert.Equal("msteams", Text(activity, "channelId"));
        Assert.Equal(fixture.Host.ServiceUrl, Text(activity, "serviceUrl"));
        Assert.Equal($"http://localhost:{fixture.Host.Port}/_connector", Text(activity, "serviceUrl"));
        Assert.Equal(CamilleId, Text(activity, "from", "id"));
        Assert.Equal("Camille Roux", Text(activity, "from", "name"));
        Assert.Equal(DemoPeople.Camille, Text(activity, "from", "aadObjectId"));
        Assert.Equal(BotId, Text(activity, "recipient", "id"));
        Assert.Equal("Sécurité du Quotidien", Text(activity, "recipient", "name"));
        Assert.Equal(PersonalChatId, Text(activity, "conversation", "id"));
        Assert.Equal("personal", Text(activity, "conversation", "conversationType"));
        Assert.Equal(TenantId, Text(activity, "conversation", "tenantId"));
        Assert.Equal(TenantId, Text(activity, "channelData", "tenant", "id"));
        Assert.False(activity.GetProperty("channelData").TryGetProperty("channel", out _));
        Assert.True(Guid.TryParse(Text(activity, "id"), out _), "The activity id is a GUID, not the playground's message id.");
    }

    [Theory]
    [InlineData("General", GapHyperCentreChannelId)]
    [InlineData("Briançon hyper-centre", BrianconHyperCentreChannelId)]
    public async Task A_channel_post_mentioning_the_bot_opens_a_thread_where_the_reply_lands(string channelName, string channelId)
    {
        Assert.Equal(channelId, Client.Tenant.Channel(channelName).Id);
        var text = "point " + channelName;

        var posted = await Client.SendChannelMessageAsync(channelId, text);

        Assert.Equal($"{channelId};messageid={posted.MessageId}", posted.ConversationId);
        var reply = Assert.Single(await Client.WaitForBotAsync(1, e => e.Text == "écho : " + text));
        Assert.Equal(posted.ConversationId, reply.ConversationId);
        Assert.Equal(posted.ConversationId, reply.ThreadConversationId);
        Assert.Null(reply.PostConversationId);

        var activity = await Bot.WaitForActivityAsync(a => Text(a, "text") == $"<at>Sécurité du Quotidien</at> {text}");
        Assert.Equal(posted.ConversationId, Text(activity, "conversation", "id"));
        Assert.Equal("channel", Text(activity, "conversation", "conversationType"));
        Assert.True(activity.GetProperty("conversation").GetProperty("isGroup").GetBoolean());
        Assert.Equal(channelId, Text(activity, "channelData", "teamsChannelId"));
        Assert.Equal(channelId, Text(activity, "channelData", "channel", "id"));
        Assert.Equal(GapHyperCentreChannelId, Text(activity, "channelData", "teamsTeamId"));
        Assert.Equal(GapHyperCentreChannelId, Text(activity, "channelData", "team", "id"));
        var mention = activity.GetProperty("entities")[0];
        Assert.Equal("mention", Text(mention, "type"));
        Assert.Equal(BotId, Text(mention, "mentioned", "id"));
        Assert.Equal("<at>Sécurité du Quotidien</at>", Text(mention, "text"));
    }

    [Fact]
    public async Task Installing_in_the_personal_scope_sends_an_installation_update_then_the_bot_as_member_added()
    {
        await Client.InstallAppAsync(PersonalChatId);

        var installation = await Bot.WaitForActivityAsync(a => Text(a, "type") == "installationUpdate" && Text(a, "conversation", "id") == PersonalChatId);
        Assert.Equal("add", Text(installation, "action"));
        Assert.Equal(CamilleId, Text(installation, "from", "id"));
        var added = await Bot.WaitForActivityAsync(a => Text(a, "type") == "conversationUpdate" && Text(a, "conversation", "id") == PersonalChatId);
        Assert.Equal(new List<string> { BotId }, MembersAdded(added));
        Assert.Equal("personal", Text(added, "conversation", "conversationType"));
        Assert.False(added.GetProperty("channelData").TryGetProperty("team", out _));
    }

    [Fact]
    public async Task Installing_in_the_team_sends_a_team_member_added_with_the_bot_in_the_general_channel()
    {
        await Client.InstallAppAsync(Client.Tenant.TeamId);

        var installation = await Bot.WaitForActivityAsync(a => Text(a, "type") == "installationUpdate" && Text(a, "conversation", "id") == GapHyperCentreChannelId);
        Assert.Equal("add", Text(installation, "action"));
        Assert.Equal(GapHyperCentreChannelId, Text(installation, "channelData", "team", "id"));
        Assert.Equal("GPO Hautes-Alpes", Text(installation, "channelData", "team", "name"));
        var added = await Bot.WaitForActivityAsync(a => Text(a, "type") == "conversationUpdate" && Text(a, "conversation", "id") == GapHyperCentreChannelId);
        Assert.Equal(new List<string> { BotId }, MembersAdded(added));
        Assert.Equal("teamMemberAdded", Text(added, "channelData", "eventType"));
        Assert.Equal(GapHyperCentreChannelId, Text(added, "channelData", "team", "id"));
        Assert.Equal("05050505-0000-4000-8000-0000000000a0", Text(added, "channelData", "team", "aadGroupId"));
        Assert.Equal("channel", Text(added, "conversation", "conversationType"));
    }

    [Fact]
    public async Task An_action_execute_on_a_bot_message_returns_the_bots_invoke_response()
    {
        await Client.SendPersonalMessageAsync("carte 05-2026-0042");
        var card = Assert.Single(await Client.WaitForBotAsync(1, e => e.Text == "écho : carte 05-2026-0042"));

        var response = await Client.InvokeActionAsync(card.ThreadConversationId, card.MessageId!, "prendreEnCompte", new { numero = "05-2026-0042" });

        Assert.Equal("application/vnd.microsoft.activity.message", Text(response, "type"));
        Assert.Equal("ok", Text(response, "value"));
        Assert.False(response.TryGetProperty("statusCode", out _), "The playground relays only type and value.");
        var invoke = await Bot.WaitForActivityAsync(a => Text(a, "type") == "invoke" && Text(a, "replyToId") == card.MessageId);
        Assert.Equal("adaptiveCard/action", Text(invoke, "name"));
        Assert.Equal("Action.Execute", Text(invoke, "value", "action", "type"));
        Assert.Equal("prendreEnCompte", Text(invoke, "value", "action", "verb"));
        Assert.Equal("05-2026-0042", Text(invoke, "value", "action", "data", "numero"));
        Assert.Equal("manual", Text(invoke, "value", "trigger"));
        Assert.Equal(CamilleId, Text(invoke, "from", "id"));
        Assert.Equal(PersonalChatId, Text(invoke, "conversation", "id"));
        Assert.Equal("message", Text(invoke, "channelData", "source", "name"));
    }

    [Fact]
    public async Task In_a_channel_thread_an_invoke_can_act_as_another_team_member()
    {
        var posted = await Client.SendChannelMessageAsync(BrianconHyperCentreChannelId, "relance 05-2026-0007");
        var card = Assert.Single(await Client.WaitForBotAsync(1, e => e.Text == "écho : relance 05-2026-0007"));

        var response = await Client.InvokeActionAsync(card.ThreadConversationId, card.MessageId!, "prendreEnCharge", new { numero = "05-2026-0007" }, asUserId: JulienId);

        Assert.Equal("ok", Text(response, "value"));
        var invoke = await Bot.WaitForActivityAsync(a => Text(a, "type") == "invoke" && Text(a, "replyToId") == card.MessageId);
        Assert.Equal(JulienId, Text(invoke, "from", "id"));
        Assert.Equal("Lieutenant Julien Arnaud", Text(invoke, "from", "name"));
        Assert.Equal(DemoPeople.Julien, Text(invoke, "from", "aadObjectId"));
        Assert.Equal(posted.ConversationId, Text(invoke, "conversation", "id"));
        Assert.Equal(BrianconHyperCentreChannelId, Text(invoke, "channelData", "channel", "id"));
        Assert.Equal(GapHyperCentreChannelId, Text(invoke, "channelData", "team", "id"));
    }

    [Fact]
    public async Task In_the_personal_chat_only_the_current_user_may_act()
    {
        await Client.SendPersonalMessageAsync("carte privée");
        var card = Assert.Single(await Client.WaitForBotAsync(1, e => e.Text == "écho : carte privée"));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(
            () => Client.InvokeActionAsync(card.ThreadConversationId, card.MessageId!, "prendreEnCharge", asUserId: JulienId));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task An_action_submit_reaches_the_bot_as_a_message_with_value_and_reply_to_id()
    {
        await Client.SendPersonalMessageAsync("formulaire");
        var card = Assert.Single(await Client.WaitForBotAsync(1, e => e.Text == "écho : formulaire"));

        await Client.SubmitAsync(card.ThreadConversationId, card.MessageId!, new { action = "signaler", lieu = "Gare de Gap" });

        var submitted = await Bot.WaitForActivityAsync(a => Text(a, "type") == "message" && Text(a, "replyToId") == card.MessageId);
        Assert.Equal("signaler", Text(submitted, "value", "action"));
        Assert.Equal("Gare de Gap", Text(submitted, "value", "lieu"));
        Assert.False(submitted.TryGetProperty("text", out _));
        Assert.Equal(CamilleId, Text(submitted, "from", "id"));
        Assert.Equal("message", Text(submitted, "channelData", "source", "name"));
    }

    [Fact]
    public async Task A_proactive_channel_post_opens_a_thread_that_can_be_updated_but_not_deleted()
    {
        using var connector = new HttpClient();
        var channel = Uri.EscapeDataString(BrianconHyperCentreChannelId);

        using var created = await connector.PostAsync(
            new Uri($"{fixture.Host.ServiceUrl}/v3/conversations/{channel}/activities"),
            JsonContent("""{"type":"message","text":"Relance : 05-2026-0007 arrive à échéance"}"""));

        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var messageId = Text(createdBody.RootElement, "id")!;
        var post = Assert.Single(await Client.WaitForBotAsync(1, e => e.Text == "Relance : 05-2026-0007 arrive à échéance"));
        Assert.Equal(PlaygroundEvent.CreateMessage, post.Action);
        Assert.Equal(BrianconHyperCentreChannelId, post.ConversationId);
        Assert.Equal(messageId, post.MessageId);
        Assert.Equal($"{BrianconHyperCentreChannelId};messageid={messageId}", post.PostConversationId);

        var thread = Uri.EscapeDataString(post.PostConversationId!);
        using var updated = await connector.PutAsync(
            new Uri($"{fixture.Host.ServiceUrl}/v3/conversations/{thread}/activities/{messageId}"),
            JsonContent("""{"type":"message","text":"Relance : 05-2026-0007 prise en charge"}"""));
        Assert.Equal(System.Net.HttpStatusCode.OK, updated.StatusCode);
        var update = Assert.Single(await Client.WaitForBotAsync(1, e => e.Text == "Relance : 05-2026-0007 prise en charge"));
        Assert.Equal(PlaygroundEvent.UpdateMessage, update.Action);
        Assert.Equal(messageId, update.MessageId);

        using var deleted = await connector.DeleteAsync(new Uri($"{fixture.Host.ServiceUrl}/v3/conversations/{thread}/activities/{messageId}"));
        Assert.Equal(System.Net.HttpStatusCode.NotImplemented, deleted.StatusCode);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static List<string> MembersAdded(JsonElement activity) =>
        [.. activity.GetProperty("membersAdded").EnumerateArray().Select(m => Text(m, "id") ?? "(none)")];

    /// <summary>The string at a property path, or null when a step is missing or not a string.</summary>
    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var step in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element))
            {
                return null;
            }
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
