using System.Globalization;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.EndToEnd.Tests.Faults;

/// <summary>Teams-shaped activities of the demo department (bot-protocol.md §7), as the Teams service posts them to the bot.</summary>
internal static class DayActivities
{
    public const string Tenant = "05050505-0000-4000-8000-000000000005";
    public const string Partner = DemoPeople.Camille;
    public const string Referent = DemoPeople.Julien;
    public const string PersonalChat = "a:1personal-camille-day";
    public const string TeamChannel = "19:gap-hyper-centre@thread.tacv2";
    private const string BotId = "28:00000000-0000-4000-8000-0000000000b0";

    public static JsonObject PersonalMessage(string serviceUrl, string id, string text)
    {
        var activity = Personal(serviceUrl, "message", id, Partner);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        return activity;
    }

    public static JsonObject CardAction(string serviceUrl, string id, string objectId, string verb, JsonObject data)
    {
        var activity = Personal(serviceUrl, "invoke", id, objectId);
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        return activity;
    }

    public static JsonObject InstalledPersonally(string serviceUrl, string id)
    {
        var activity = Personal(serviceUrl, "conversationUpdate", id, Partner);
        activity["membersAdded"] = new JsonArray { new JsonObject { ["id"] = BotId }, new JsonObject { ["id"] = "29:1camille" } };
        return activity;
    }

    public static JsonObject InstalledInTeam(string serviceUrl, string id) => new()
    {
        ["type"] = "conversationUpdate",
        ["id"] = id,
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:1marc", ["aadObjectId"] = DemoPeople.Marc },
        ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = Tenant, ["id"] = TeamChannel },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Sécurité du Quotidien" },
        ["membersAdded"] = new JsonArray { new JsonObject { ["id"] = BotId } },
        ["channelData"] = new JsonObject
        {
            ["eventType"] = "teamMemberAdded",
            ["team"] = new JsonObject { ["id"] = TeamChannel, ["name"] = "GPO Hautes-Alpes" },
            ["tenant"] = new JsonObject { ["id"] = Tenant },
        },
    };

    /// <summary>The data of the report form's final "Envoyer" (all steps filled in), for report <paramref name="index"/> of the day.</summary>
    public static JsonObject FinalSubmit(string draftId, string description) => new()
    {
        ["formVersion"] = "1",
        ["draftId"] = draftId,
        ["secteur"] = "gap-hyper-centre",
        ["categorie"] = "occupation-parties-communes/halls",
        ["lieu"] = "gap-residence-les-cedres-hall-a",
        ["precision"] = "Hall A, près des boîtes aux lettres",
        ["date"] = ParisTime.DateOf(TestClock.Default().GetUtcNow()).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["moment"] = "soiree",
        ["frequence"] = "chaque-semaine",
        ["description"] = description,
        ["consequences"] = "Les locataires âgés n'osent plus sortir le soir.",
    };

    private static JsonObject Personal(string serviceUrl, string type, string id, string objectId) => new()
    {
        ["type"] = type,
        ["id"] = id,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:" + objectId, ["aadObjectId"] = objectId },
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = PersonalChat },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Sécurité du Quotidien" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
        ["locale"] = "fr-FR",
    };
}
