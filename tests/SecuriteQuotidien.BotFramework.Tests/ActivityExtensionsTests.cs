using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Tests;

public sealed class ActivityExtensionsTests
{
    private const string BotId = "28:00000000-1111-2222-3333-444444444444";
    private const string TenantId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private const string ChannelMention = """
        {
          "type": "message", "id": "1718000000777", "serviceUrl": "https://smba.trafficmanager.net/emea/", "channelId": "msteams",
          "from": { "id": "29:1AbCdEf-user-mri", "name": "Ada Lovelace", "aadObjectId": "11111111-2222-3333-4444-555555555555" },
          "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "ignored-when-channelData-has-one", "id": "19:chan0123@thread.tacv2;messageid=1718000000777" },
          "recipient": { "id": "28:00000000-1111-2222-3333-444444444444", "name": "OpsBot" },
          "text": "<at>OpsBot</at> deploy <at>Grace</at> staging",
          "entities": [
            { "type": "mention", "text": "<AT>opsbot</AT>", "mentioned": { "id": "28:00000000-1111-2222-3333-444444444444", "name": "OpsBot" } },
            { "type": "mention", "text": "<at>Grace</at>", "mentioned": { "id": "29:grace", "name": "Grace" } }
          ],
          "channelData": {
            "tenant": { "id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" },
            "team": { "id": "19:team0123@thread.tacv2" },
            "channel": { "id": "19:chan0123@thread.tacv2" }
          },
          "locale": "fr-FR"
        }
        """;

    [Fact]
    public void The_bot_mention_is_removed_case_insensitively_and_other_mentions_are_kept()
    {
        var activity = Parse(ChannelMention);

        Assert.Equal("deploy <at>Grace</at> staging", activity.RemoveRecipientMention());
        Assert.Equal("<at>OpsBot</at> deploy <at>Grace</at> staging", activity.Text);
    }

    [Fact]
    public void A_mention_without_text_is_removed_by_the_mentioned_name()
    {
        var activity = Parse(ChannelMention);
        activity.Entities![0].Text = null;

        Assert.Equal("deploy <at>Grace</at> staging", activity.RemoveRecipientMention());
    }

    [Fact]
    public void Channel_context_ids_come_from_channelData()
    {
        var activity = Parse(ChannelMention);

        Assert.Equal(TenantId, activity.GetTenantId());
        Assert.Equal("19:team0123@thread.tacv2", activity.GetTeamId());
        Assert.Equal("19:chan0123@thread.tacv2", activity.GetTeamsChannelId());
    }

    [Fact]
    public void The_tenant_falls_back_to_the_conversation()
    {
        var activity = new Activity { Conversation = new ConversationAccount { TenantId = "tenant-conv" } };

        Assert.Equal("tenant-conv", activity.GetTenantId());
        Assert.Null(activity.GetTeamId());
        Assert.Null(activity.GetTeamsChannelId());
    }

    [Fact]
    public void The_bot_is_added_only_when_membersAdded_holds_the_recipient()
    {
        var added = new Activity { Recipient = new ChannelAccount { Id = BotId }, MembersAdded = [new ChannelAccount { Id = "29:user" }, new ChannelAccount { Id = BotId }] };
        var userOnly = new Activity { Recipient = new ChannelAccount { Id = BotId }, MembersAdded = [new ChannelAccount { Id = "29:user" }] };
        var removed = new Activity { Recipient = new ChannelAccount { Id = BotId }, MembersRemoved = [new ChannelAccount { Id = BotId }] };

        Assert.True(added.IsBotAdded());
        Assert.False(userOnly.IsBotAdded());
        Assert.True(removed.IsBotRemoved());
        Assert.False(removed.IsBotAdded());
    }

    [Fact]
    public void A_channel_conversation_reference_keeps_team_and_channel_but_no_user()
    {
        var now = new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

        var reference = Parse(ChannelMention).ToConversationReference(new FakeTimeProvider(now));

        Assert.Equal("19:chan0123@thread.tacv2;messageid=1718000000777", reference.ConversationId);
        Assert.Equal("https://smba.trafficmanager.net/emea/", reference.ServiceUrl);
        Assert.Equal("channel", reference.ConversationType);
        Assert.Equal(TenantId, reference.TenantId);
        Assert.Equal(BotId, reference.BotId);
        Assert.Equal("19:team0123@thread.tacv2", reference.TeamId);
        Assert.Equal("19:chan0123@thread.tacv2", reference.TeamsChannelId);
        Assert.Null(reference.UserId);
        Assert.Equal("fr-FR", reference.Locale);
        Assert.Equal(now, reference.LastSeen);
    }

    [Fact]
    public void A_personal_conversation_reference_keeps_the_user()
    {
        var activity = Parse(ChannelMention);
        activity.Conversation!.ConversationType = "personal";

        var reference = activity.ToConversationReference(TimeProvider.System);

        Assert.Equal("29:1AbCdEf-user-mri", reference.UserId);
        Assert.Equal("11111111-2222-3333-4444-555555555555", reference.UserAadObjectId);
    }

    [Fact]
    public void A_reply_swaps_the_accounts_and_has_no_id()
    {
        var reply = Parse(ChannelMention).CreateReply("Bien reçu");

        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Null(reply.Id);
        Assert.Equal("1718000000777", reply.ReplyToId);
        Assert.Equal(BotId, reply.From?.Id);
        Assert.Equal("29:1AbCdEf-user-mri", reply.Recipient?.Id);
        Assert.Equal("19:chan0123@thread.tacv2;messageid=1718000000777", reply.Conversation?.Id);
        Assert.Equal("Bien reçu", reply.Text);
    }

    [Fact]
    public void Invoke_response_bodies_match_the_universal_actions_shapes()
    {
        var card = JsonDocument.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[]}""").RootElement;

        AssertJson("""{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":{"type":"AdaptiveCard","version":"1.5","body":[]}}""", InvokeResponses.AdaptiveCard(card));
        AssertJson("""{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Signalement enregistré."}""", InvokeResponses.Message("Signalement enregistré."));
        AssertJson("""{"statusCode":400,"type":"application/vnd.microsoft.error","value":{"code":"BadRequest","message":"Action inconnue."}}""", InvokeResponses.Error(400, "BadRequest", "Action inconnue."));
    }

    [Fact]
    public void Unknown_fields_survive_a_round_trip_at_every_level()
    {
        const string json = """
            {
              "type": "message", "id": "1", "channelId": "msteams", "futureTopLevel": { "x": [1, 2, 3] },
              "from": { "id": "29:u", "userRole": "user", "futureAccountField": true },
              "conversation": { "id": "a:1", "futureConversationField": "keep" },
              "entities": [ { "type": "clientInfo", "locale": "fr-FR", "timezone": "Europe/Paris" } ],
              "attachments": [ { "contentType": "text/html", "content": "<p>hi</p>", "futureAttachmentField": 42 } ],
              "channelData": { "tenant": { "id": "t" }, "futureChannelData": { "deep": { "deeper": null } } },
              "value": { "action": { "type": "Action.Execute", "verb": "submit", "data": { "a": 1 } } }
            }
            """;

        var roundTripped = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, BotJsonContext.Default.Activity)!, BotJsonContext.Default.Activity);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(roundTripped)), roundTripped);
    }

    private static Activity Parse(string json) => JsonSerializer.Deserialize(json, BotJsonContext.Default.Activity)!;

    private static void AssertJson(string expected, InvokeResponseBody body)
    {
        var actual = JsonSerializer.Serialize(body, BotJsonContext.Default.InvokeResponseBody);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), actual);
    }
}
