using System.Text.Json.Nodes;

namespace SecuriteQuotidien.Testing;

/// <summary>
/// Teams-shaped inbound activities of the demo department, as the Teams service posts them to the bot
/// (Bot Framework activity schema: personal chat, channel mention, installs, card actions).
/// </summary>
public static class TeamsActivities
{
    public const string BotId = "28:00000000-0000-4000-8000-0000000000b0";
    public const string BotName = "Sécurité du Quotidien";
    /// <summary>The reply id card actions name by default (the message holding the clicked card).</summary>
    public const string ClickedCardId = "1718000000555";

    /// <summary>The personal chat of a demo person with the bot, e.g. "a:1personal-camille".</summary>
    public static string PersonalChatOf(string objectId) => "a:1personal-" + DemoPeople.Get(objectId).TeamsId["29:1".Length..];

    /// <summary>The partner's personal chat, escaped as it appears in connector paths.</summary>
    public static string EscapedPersonalChatOf(string objectId) => Uri.EscapeDataString(PersonalChatOf(objectId));

    /// <summary>An activity in <paramref name="objectId"/>'s personal chat (a message unless <paramref name="type"/> says otherwise).</summary>
    public static JsonObject Personal(string serviceUrl, string type = "message", string? text = null, string? id = null,
        string tenant = DemoDepartment.Tenant, string objectId = DemoPeople.Partner, string? conversationId = null)
    {
        var person = DemoPeople.Get(objectId);
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = id ?? Guid.NewGuid().ToString("N"),
            ["timestamp"] = "2026-11-28T09:30:00.000Z",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = person.TeamsId, ["name"] = person.DisplayName, ["aadObjectId"] = objectId },
            ["conversation"] = new JsonObject
            {
                ["conversationType"] = "personal",
                ["tenantId"] = tenant,
                ["id"] = conversationId ?? PersonalChatOf(objectId),
            },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
            ["locale"] = "fr-FR",
        };
        if (text is not null)
        {
            activity["text"] = text;
            activity["textFormat"] = "plain";
        }
        return activity;
    }

    /// <summary>A message mentioning the bot in a sector channel (a new thread whose root is this message).</summary>
    public static JsonObject ChannelMention(string serviceUrl, string text, string? id = null, string objectId = DemoPeople.GapReferent,
        string channelId = DemoDepartment.GapCentreChannel, string tenant = DemoDepartment.Tenant)
    {
        id ??= Guid.NewGuid().ToString("N");
        var person = DemoPeople.Get(objectId);
        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = person.TeamsId, ["name"] = person.DisplayName, ["aadObjectId"] = objectId },
            ["conversation"] = new JsonObject
            {
                ["isGroup"] = true,
                ["conversationType"] = "channel",
                ["tenantId"] = tenant,
                ["id"] = $"{channelId};messageid={id}",
            },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
            ["text"] = $"<at>{BotName}</at> {text}",
            ["entities"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "mention",
                    ["text"] = $"<at>{BotName}</at>",
                    ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
                },
            },
            ["channelData"] = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = tenant },
                ["team"] = new JsonObject { ["id"] = DemoDepartment.TeamId },
                ["channel"] = new JsonObject { ["id"] = channelId },
            },
        };
    }

    /// <summary>The bot installed in <paramref name="objectId"/>'s personal scope.</summary>
    public static JsonObject BotAddedToPersonalChat(string serviceUrl, string objectId = DemoPeople.Partner, string? id = null)
    {
        var activity = Personal(serviceUrl, "conversationUpdate", id: id, objectId: objectId);
        activity["membersAdded"] = new JsonArray { new JsonObject { ["id"] = BotId }, new JsonObject { ["id"] = DemoPeople.Get(objectId).TeamsId } };
        return activity;
    }

    /// <summary>The bot installed in the demo team by the administrator (General is the Gap hyper-centre channel).</summary>
    public static JsonObject BotAddedToTeam(string serviceUrl, string? id = null) => new()
    {
        ["type"] = "conversationUpdate",
        ["id"] = id ?? Guid.NewGuid().ToString("N"),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = DemoPeople.Get(DemoPeople.Administrator).TeamsId, ["aadObjectId"] = DemoPeople.Administrator },
        ["conversation"] = new JsonObject
        {
            ["isGroup"] = true,
            ["conversationType"] = "channel",
            ["tenantId"] = DemoDepartment.Tenant,
            ["id"] = DemoDepartment.GapCentreChannel,
        },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
        ["membersAdded"] = new JsonArray { new JsonObject { ["id"] = BotId } },
        ["channelData"] = new JsonObject
        {
            ["eventType"] = "teamMemberAdded",
            ["team"] = new JsonObject { ["id"] = DemoDepartment.TeamId, ["name"] = "GPO Hautes-Alpes" },
            ["tenant"] = new JsonObject { ["id"] = DemoDepartment.Tenant },
        },
    };

    /// <summary>A card button (Action.Execute) clicked in <paramref name="objectId"/>'s personal chat: an <c>adaptiveCard/action</c> invoke.</summary>
    public static JsonObject CardAction(string serviceUrl, string verb, JsonObject? data = null, string objectId = DemoPeople.Partner,
        string? id = null, string? conversationId = null)
    {
        var activity = Personal(serviceUrl, "invoke", id: id, objectId: objectId, conversationId: conversationId);
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = ClickedCardId;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data ?? new JsonObject() },
            ["trigger"] = "manual",
        };
        return activity;
    }
}
