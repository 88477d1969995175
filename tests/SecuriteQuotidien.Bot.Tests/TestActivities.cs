using System.Text.Json.Nodes;

namespace SecuriteQuotidien.Bot.Tests;

/// <summary>Teams-shaped inbound activities (bot-protocol.md §7) for the demo department.</summary>
public static class TestActivities
{
    public const string Tenant = "05050505-0000-4000-8000-000000000005";
    public const string PartnerObjectId = "00000000-0000-4000-8000-000000000001";
    public const string BotId = "28:00000000-0000-4000-8000-0000000000b0";
    public const string PersonalConversation = "a:1personal-camille";
    public const string ChannelId = "19:gap-hyper-centre@thread.tacv2";

    public static JsonObject Personal(string serviceUrl, string type = "message", string? text = null, string? id = null, string tenant = Tenant, string objectId = PartnerObjectId)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = id ?? Guid.NewGuid().ToString("N"),
            ["timestamp"] = "2026-11-28T09:30:00.000Z",
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:1camille", ["name"] = "Camille Roux", ["aadObjectId"] = objectId },
            ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = tenant, ["id"] = PersonalConversation },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Sécurité du Quotidien" },
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

    public static JsonObject ChannelMention(string serviceUrl, string text, string? id = null, string objectId = "00000000-0000-4000-8000-000000000011")
    {
        id ??= Guid.NewGuid().ToString("N");
        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:1julien", ["name"] = "Julien Arnaud", ["aadObjectId"] = objectId },
            ["conversation"] = new JsonObject
            {
                ["isGroup"] = true,
                ["conversationType"] = "channel",
                ["tenantId"] = Tenant,
                ["id"] = $"{ChannelId};messageid={id}",
            },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Sécurité du Quotidien" },
            ["text"] = $"<at>Sécurité du Quotidien</at> {text}",
            ["entities"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "mention",
                    ["text"] = "<at>Sécurité du Quotidien</at>",
                    ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "Sécurité du Quotidien" },
                },
            },
            ["channelData"] = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = Tenant },
                ["team"] = new JsonObject { ["id"] = ChannelId },
                ["channel"] = new JsonObject { ["id"] = ChannelId },
            },
        };
    }

    public static JsonObject BotAddedToPersonalChat(string serviceUrl)
    {
        var activity = Personal(serviceUrl, "conversationUpdate");
        activity["membersAdded"] = new JsonArray { new JsonObject { ["id"] = BotId }, new JsonObject { ["id"] = "29:1camille" } };
        return activity;
    }

    /// <summary>The bot installed in the demo team (General is the Gap hyper-centre channel).</summary>
    public static JsonObject BotAddedToTeam(string serviceUrl) => new()
    {
        ["type"] = "conversationUpdate",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:1marc", ["aadObjectId"] = "00000000-0000-4000-8000-000000000041" },
        ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = Tenant, ["id"] = ChannelId },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Sécurité du Quotidien" },
        ["membersAdded"] = new JsonArray { new JsonObject { ["id"] = BotId } },
        ["channelData"] = new JsonObject
        {
            ["eventType"] = "teamMemberAdded",
            ["team"] = new JsonObject { ["id"] = ChannelId, ["name"] = "GPO Hautes-Alpes" },
            ["tenant"] = new JsonObject { ["id"] = Tenant },
        },
    };

    public static JsonObject CardAction(string serviceUrl, string verb, JsonObject? data = null)
    {
        var activity = Personal(serviceUrl, "invoke");
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = "1718000000555";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data ?? new JsonObject() },
            ["trigger"] = "manual",
        };
        return activity;
    }
}
