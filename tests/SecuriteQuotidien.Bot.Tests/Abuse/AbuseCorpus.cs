using SecuriteQuotidien.Domain.Calendar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Abuse;

/// <summary>Which host an input is sent to.</summary>
public enum AbuseTarget
{
    /// <summary>Development, no app id, AllowedTenants = the demo tenant.</summary>
    Anonymous,

    /// <summary>MicrosoftAppId set: every request needs a channel token from <see cref="AbuseChannel"/>.</summary>
    Authenticated,
}

/// <summary>One hostile request. <see cref="ExpectedStatus"/> pins the exact HTTP status when the case calls for one.</summary>
public sealed record AbuseInput(string Name, byte[] Body, AbuseTarget Target = AbuseTarget.Anonymous, string? Authorization = null, bool Chunked = false, int? ExpectedStatus = null)
{
    public override string ToString() => Name;
}

/// <summary>An issue created legitimately before the corpus runs, for forged actions against a real number.</summary>
public sealed record KnownIssue(string SectorId, string Number);

/// <summary>
/// Generates the hostile inputs: broken JSON, wrong types, oversized and deeply nested bodies,
/// control characters and invalid UTF-8, huge and injected card fields, forged ids, unknown
/// invokes, every known verb with garbage data, strangers, other tenants and channels, spoiled tokens.
/// </summary>
public sealed class AbuseCorpus(string serviceUrl, IReadOnlyCollection<string> verbs, KnownIssue issue)
{
    /// <summary>Marks injected text so raw markup can be found in what the bot posts.</summary>
    public const string Marker = "INJ7";

    /// <summary>Markup fragments that must never reach a TextBlock verbatim (TextBlocks render Markdown and mentions).</summary>
    public static readonly string[] RawMarkup =
    [
        $"<at>{Marker}</at>", $"**{Marker}**", $"[{Marker}](", $"<script>{Marker}", $"<b>{Marker}</b>", $"![{Marker}](",
        $"`{Marker}`", $"_{Marker}_", $"<img src=x onerror={Marker}>", $"# {Marker}", $"{{{{DATE(", $"- {Marker}",
    ];

    private static readonly string[] Injections =
    [
        $"<at>{Marker}</at> appelez la police",
        $"**{Marker}** URGENT",
        $"[{Marker}](https://exemple.invalid/piege) cliquez",
        $"<script>{Marker}</script>",
        $"<b>{Marker}</b> gras HTML",
        $"![{Marker}](https://exemple.invalid/pixel.png)",
        $"`{Marker}` code",
        $"_{Marker}_ italique souligné",
        $"<img src=x onerror={Marker}> image",
        $"# {Marker} titre",
        $"{{{{DATE(2026-01-01T00:00:00Z, SHORT)}}}} {Marker}",
        $"- {Marker} liste\n- deux",
    ];

    private static readonly JsonNode?[] WrongValues = [42, "texte", new JsonArray(1, 2), new JsonObject { ["a"] = 1 }, true, null, -1e308];

    private const string StrangerObjectId = DemoPeople.Stranger;
    private const string ReferentObjectId = DemoPeople.Julien;
    private const string OtherTenant = "99999999-0000-4000-8000-000000000099";

    public IEnumerable<AbuseInput> All(AbuseChannel channel, string appId) =>
        Malformed().Concat(WrongTypes()).Concat(Oversized()).Concat(DeepNesting()).Concat(ControlCharacters())
            .Concat(HugeStrings()).Concat(InjectionInputs()).Concat(ForgedIds()).Concat(EveryVerbWithGarbage())
            .Concat(InvokeShapes()).Concat(Identities()).Concat(Tokens(channel, appId));

    private JsonObject Message(string text = "aide") => TeamsActivities.Personal(serviceUrl, text: text);

    private JsonObject Invoke(string verb, JsonObject? data = null, string objectId = DemoPeople.Partner)
    {
        // Cloned: one data object may serve several cases, and a node has one parent.
        var activity = TeamsActivities.CardAction(serviceUrl, verb, (JsonObject?)data?.DeepClone());
        activity["from"]!["aadObjectId"] = objectId;
        return activity;
    }

    /// <summary>The Action.Submit fallback: a message whose value carries the verb and the inputs.</summary>
    private JsonObject Submit(string verb, JsonObject data)
    {
        var activity = Message();
        activity.Remove("text");
        data["verb"] = verb;
        activity["value"] = data;
        return activity;
    }

    private static AbuseInput Json(string name, JsonNode activity) => new(name, Encoding.UTF8.GetBytes(activity.ToJsonString()));

    private static AbuseInput Raw(string name, string body) => new(name, Encoding.UTF8.GetBytes(body));

    private IEnumerable<AbuseInput> Malformed()
    {
        string[] fixedBodies =
        [
            "", " ", "{", "}", "[]", "null", "0", "true", "\"message\"", "{\"type\":}", "{\"type\":\"message\",}", "{'type':'message'}",
            "{\"type\":\"message\" /* note */}", "{\"type\":NaN}", "{\"type\":\"message\",\"type\":\"invoke\"}", "\uFEFF{\"type\":\"message\"}",
            "{\"type\":\"\"}", "{\"type\":null}", "{}", "{\"type\":\"message\"}{\"type\":\"message\"}", "<xml/>", "type=message&text=aide",
            "{\"type\":\"message\",\"text\":\"aide", "{\"type\":\"message\",\"text\":\"\\u12\"}", "{\"type\":\"message\",\"text\":\"\\x41\"}",
            "{\"type\":\"invoke\",\"value\":{\"action\":{\"verb\":\"aide\"}", "[{\"type\":\"message\"}]", "{\"type\":\"message\",\"from\":{\"id\":}}",
            "{\"type\":\"message\",\"id\":1e999}", "{\"type\":\"message\",\"timestamp\":\"pas une date\"}",
        ];
        foreach (var (body, i) in fixedBodies.Select((b, i) => (b, i)))
        {
            yield return Raw($"malformed #{i}", body);
        }
        foreach (var (kind, activity) in new[] { ("message", Message()), ("invoke", Invoke("signaler-faits", FullForm())) })
        {
            var text = activity.ToJsonString();
            for (var k = 1; k <= 25; k++)
            {
                yield return Raw($"truncated {kind} at {k}/26", text[..(text.Length * k / 26)]);
            }
        }
    }

    private IEnumerable<AbuseInput> WrongTypes()
    {
        string[] topLevel =
        [
            "type", "id", "timestamp", "serviceUrl", "channelId", "from", "conversation", "recipient", "channelData", "locale",
            "text", "value", "attachments", "entities", "name", "replyToId", "membersAdded", "textFormat",
        ];
        foreach (var field in topLevel)
        {
            foreach (var (value, v) in WrongValues.Select((x, i) => (x, i)))
            {
                var message = Message();
                message[field] = value?.DeepClone();
                yield return Json($"message.{field} = wrong #{v}", message);
                var invoke = Invoke(verbs.First());
                invoke[field] = value?.DeepClone();
                yield return Json($"invoke.{field} = wrong #{v}", invoke);
            }
        }
        string[] nested =
        [
            "from.id", "from.aadObjectId", "from.name", "conversation.id", "conversation.tenantId", "conversation.conversationType",
            "channelData.tenant", "channelData.tenant.id", "recipient.id", "value.action", "value.action.verb", "value.action.data", "value.action.type",
        ];
        foreach (var path in nested)
        {
            foreach (var (value, v) in WrongValues.Select((x, i) => (x, i)).Where(x => x.i < 4))
            {
                var invoke = Invoke("signaler-lieu", FullForm());
                SetPath(invoke, path, value?.DeepClone());
                yield return Json($"invoke {path} = wrong #{v}", invoke);
            }
        }
        yield return Json("message attachments as object", With(Message(), "attachments", new JsonObject { ["contentType"] = "x" }));
        yield return Json("message entities of strings", With(Message(), "entities", new JsonArray("a", "b")));
        yield return Json("message attachment content as number", With(Message(), "attachments", new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = 1 })));
        yield return Json("conversationUpdate membersAdded of numbers", With(TeamsActivities.BotAddedToPersonalChat(serviceUrl), "membersAdded", new JsonArray(1, 2)));
        yield return Json("conversationUpdate membersAdded null entries", With(TeamsActivities.BotAddedToPersonalChat(serviceUrl), "membersAdded", new JsonArray(null, null)));
    }

    private IEnumerable<AbuseInput> Oversized()
    {
        const int tenMegabytes = 10 * 1024 * 1024;
        var hugeText = Encoding.UTF8.GetBytes(With(Message(), "text", new string('a', tenMegabytes)).ToJsonString());
        yield return new AbuseInput("10 MB text, with Content-Length", hugeText, ExpectedStatus: 413);
        yield return new AbuseInput("10 MB text, chunked", hugeText, Chunked: true, ExpectedStatus: 413);
        var hugeInvoke = Encoding.UTF8.GetBytes(Invoke("signaler-faits", new JsonObject { ["description"] = new string('d', tenMegabytes) }).ToJsonString());
        yield return new AbuseInput("10 MB card field, with Content-Length", hugeInvoke, ExpectedStatus: 413);
        yield return new AbuseInput("10 MB card field, chunked", hugeInvoke, Chunked: true, ExpectedStatus: 413);
        var noise = RandomNumberGenerator.GetBytes(tenMegabytes);
        yield return new AbuseInput("10 MB random bytes, with Content-Length", noise, ExpectedStatus: 413);
        yield return new AbuseInput("10 MB random bytes, chunked", noise, Chunked: true, ExpectedStatus: 413);
        var spaces = Encoding.UTF8.GetBytes(new string(' ', tenMegabytes) + Message().ToJsonString());
        yield return new AbuseInput("10 MB of whitespace then an activity, chunked", spaces, Chunked: true, ExpectedStatus: 413);
    }

    private IEnumerable<AbuseInput> DeepNesting()
    {
        const int depth = 10_000;
        var arrays = new string('[', depth) + new string(']', depth);
        var objects = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        yield return Raw("10,000 nested arrays", arrays);
        yield return Raw("10,000 nested arrays, unclosed", new string('[', depth));
        yield return Raw("10,000 nested objects", objects);
        foreach (var (name, nest) in new[] { ("arrays", arrays), ("objects", objects) })
        {
            var message = Message().ToJsonString();
            yield return Raw($"message.value = 10,000 nested {name}", message[..^1] + ",\"value\":" + nest + "}");
            yield return Raw($"message.channelData.x = 10,000 nested {name}", message.Replace("\"channelData\":{", "\"channelData\":{\"x\":" + nest + ",", StringComparison.Ordinal));
            var invoke = Invoke("signaler-faits").ToJsonString();
            yield return Raw($"invoke action.data.description = 10,000 nested {name}", invoke.Replace("\"data\":{", "\"data\":{\"description\":" + nest + ",", StringComparison.Ordinal));
            yield return Raw($"invoke action.data = 10,000 nested {name}", invoke.Replace("\"data\":{}", "\"data\":" + nest, StringComparison.Ordinal));
        }
    }

    private IEnumerable<AbuseInput> ControlCharacters()
    {
        // Escaped in JSON: control characters, bidi overrides, lone surrogates.
        string[] escaped = ["\\u0000", "\\u0001\\u0002\\u001f", "\\u202e\\u2066", "\\ufeff\\u200b", "\\ud800", "\\udfff\\ud800", "\\u0085\\u2028\\u2029", "\\r\\n\\t\\b\\f"];
        // Raw bytes that are not UTF-8: a stray byte, an overlong encoding, an encoded surrogate, a cut sequence.
        byte[][] invalid = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]];
        var templates = new (string Name, JsonObject Activity, string Field)[]
        {
            ("message text", Message("PLACEHOLDER"), "text"),
            ("invoke verb", Invoke("PLACEHOLDER"), "verb"),
            ("invoke description", Invoke("signaler-faits", With(FullForm(), "description", "PLACEHOLDER")), "description"),
            ("from.name", With(Message(), "from", new JsonObject { ["id"] = "29:1camille", ["name"] = "PLACEHOLDER", ["aadObjectId"] = DemoPeople.Partner }), "name"),
            ("conversation.id", With(Message(), "conversation", new JsonObject { ["conversationType"] = "personal", ["tenantId"] = DemoDepartment.Tenant, ["id"] = "PLACEHOLDER" }), "id"),
        };
        foreach (var (name, activity, _) in templates)
        {
            var json = activity.ToJsonString();
            foreach (var (sequence, i) in escaped.Select((s, i) => (s, i)))
            {
                yield return Raw($"{name} with escaped control #{i}", json.Replace("PLACEHOLDER", "avant" + sequence + "après", StringComparison.Ordinal));
            }
            var parts = json.Split("PLACEHOLDER");
            foreach (var (bytes, i) in invalid.Select((b, i) => (b, i)))
            {
                var body = Encoding.UTF8.GetBytes(parts[0] + "avant").Concat(bytes).Concat(Encoding.UTF8.GetBytes("après" + parts[1])).ToArray();
                yield return new AbuseInput($"{name} with invalid UTF-8 #{i}", body);
            }
        }
    }

    private IEnumerable<AbuseInput> HugeStrings()
    {
        // Under the 64 KiB body bound of the test host, so they reach the handlers.
        var huge = new string('é', 20_000) + "<at>" + new string('x', 10_000);
        string[] intakeFields = ["formVersion", "draftId", "secteur", "categorie", "lieu", "adresse", "precision", "date", "moment", "frequence", "description", "consequences", "danger"];
        foreach (var field in intakeFields)
        {
            foreach (var verb in new[] { "signaler-lieu", "signaler-faits", "signaler-envoyer" })
            {
                yield return Json($"{verb} with a huge {field}", Invoke(verb, With(FullForm(), field, huge)));
            }
        }
        string[] referentFields = ["secteur", "numero", "version", "type", "date", "resume", "note", "question", "motif", "secteurCible", "issue", "doublonDe", "message", "reponse", "questionId", "page"];
        foreach (var field in referentFields)
        {
            yield return Json($"referent submit with a huge {field}", Invoke("signalement-reponse-envoyer", With(IssueData(), field, huge), ReferentObjectId));
        }
        yield return Json("message text huge", Message(huge));
        yield return Json("verb huge", Invoke(huge));
    }

    private IEnumerable<AbuseInput> InjectionInputs()
    {
        foreach (var (payload, i) in Injections.Select((p, i) => (p, i)))
        {
            yield return Json($"message text injection #{i}", Message(payload));
            yield return Json($"channel mention injection #{i}", TeamsActivities.ChannelMention(serviceUrl, payload));
            yield return Json($"signaler-faits description injection #{i}", Invoke("signaler-faits", With(With(FullForm(), "description", payload), "consequences", payload)));
            yield return Json($"signaler-lieu address injection #{i}", Invoke("signaler-lieu", With(With(With(FullForm(), "lieu", "autre"), "adresse", payload), "precision", payload)));
            yield return Json($"submit fallback of signaler-faits injection #{i}", Submit("signaler-faits", With(FullForm(), "description", payload)));
            // Invalid (no draft id) so nothing is stored, but every text is shown back.
            yield return Json($"signaler-envoyer injection without draft #{i}", Invoke("signaler-envoyer", With(With(FullForm(), "draftId", ""), "description", payload)));
            yield return Json($"referent response injection #{i}", Invoke("signalement-reponse-envoyer", With(With(IssueData(), "resume", payload), "type", "inconnu"), ReferentObjectId));
            yield return Json($"partner answer injection #{i}", Invoke("precision-repondre", With(With(IssueData(), "reponse", payload), "questionId", "inconnue")));
            var welcome = TeamsActivities.BotAddedToPersonalChat(serviceUrl);
            welcome["from"] = new JsonObject { ["id"] = "29:1inconnu", ["name"] = payload, ["aadObjectId"] = StrangerObjectId };
            yield return Json($"welcome with injected display name #{i}", welcome);
        }
    }

    private IEnumerable<AbuseInput> ForgedIds()
    {
        (string Field, string Value)[] forgedForm =
        [
            ("secteur", "briancon-hyper-centre"), ("secteur", "secteur-invente"), ("secteur", "gap-hyper-centre' or '1'='1"), ("secteur", "../../Issues"),
            ("secteur", "PartitionKey eq 'x'"), ("secteur", "GAP-HYPER-CENTRE"), ("categorie", "vols/inventee"), ("categorie", "../categorie"),
            ("categorie", "occupation-parties-communes/halls/extra"), ("lieu", "briancon-grande-rue"), ("lieu", "lieu-invente"), ("lieu", "AUTRE"),
            ("draftId", "pas-un-guid"), ("draftId", "'; DROP TABLE Issues; --"), ("draftId", "00000000-0000-0000-0000-00000000000g"), ("draftId", "{}"),
            ("date", "2026-13-45"), ("date", "9999-12-31"), ("date", "0001-01-01"), ("date", "-1"), ("moment", "nuit-polaire"), ("frequence", "jamais"),
            ("formVersion", "2"), ("formVersion", "0"), ("formVersion", ""),
        ];
        foreach (var (field, value) in forgedForm)
        {
            var form = With(FullForm(), field, value);
            form["draftId"] = field == "draftId" ? value : Guid.NewGuid().ToString();
            yield return Json($"signaler-envoyer with forged {field} '{value}'", Invoke("signaler-envoyer", form));
            yield return Json($"signaler-lieu with forged {field} '{value}'", Invoke("signaler-lieu", form));
        }
        string[] numbers = [issue.Number, "05-2026-9999", "99-9999-9999", "05-2026-0000", "05-2026-00001", "../05-2026-0001", "05-2026-0001' or '1'='1", "-1", ""];
        string[] sectors = [issue.SectorId, "briancon-hyper-centre", "secteur-invente", ""];
        foreach (var number in numbers)
        {
            foreach (var sector in sectors)
            {
                var data = new JsonObject { ["secteur"] = sector, ["numero"] = number, ["version"] = "forged", ["page"] = 3 };
                yield return Json($"mes-signalements-voir {sector}/{number}", Invoke("mes-signalements-voir", data));
                yield return Json($"partner clicks signalement-prendre {sector}/{number}", Invoke("signalement-prendre", data.DeepClone().AsObject()));
                yield return Json($"stranger clicks signalement-cloturer-envoyer {sector}/{number}", Invoke("signalement-cloturer-envoyer", With(data.DeepClone().AsObject(), "issue", "resolu"), StrangerObjectId));
            }
        }
        // The Briançon referent forging an action on a Gap issue.
        yield return Json("other sector referent acknowledges", Invoke("signalement-prendre", IssueData(), DemoPeople.Antoine));
        JsonNode?[] pages = [-1, int.MaxValue, int.MinValue, 1e308, "abc", "99999999999999999999", new JsonArray(1), 2.5, "-5"];
        foreach (var (page, i) in pages.Select((p, i) => (p, i)))
        {
            yield return Json($"mes-signalements page #{i}", Invoke("mes-signalements", new JsonObject { ["page"] = page?.DeepClone() }));
            yield return Json($"mes-signalements-voir page #{i}", Invoke("mes-signalements-voir", With(IssueData(), "page", page?.DeepClone())));
        }
    }

    private IEnumerable<AbuseInput> EveryVerbWithGarbage()
    {
        var garbage = new (string Name, Func<JsonObject> Data)[]
        {
            ("empty", () => []),
            ("numbers", () => new JsonObject { ["secteur"] = 42, ["numero"] = 7, ["version"] = 1, ["draftId"] = 3, ["formVersion"] = 1 }),
            ("arrays", () => new JsonObject { ["secteur"] = new JsonArray("a"), ["numero"] = new JsonArray(), ["description"] = new JsonArray(1, 2), ["formVersion"] = new JsonArray("1") }),
            ("nulls", () => new JsonObject { ["secteur"] = null, ["numero"] = null, ["formVersion"] = null, ["draftId"] = null, ["reponse"] = null }),
            ("objects", () => new JsonObject { ["secteur"] = new JsonObject(), ["numero"] = new JsonObject { ["x"] = 1 }, ["formVersion"] = new JsonObject() }),
            ("stale form", () => new JsonObject { ["formVersion"] = "0", ["draftId"] = Guid.NewGuid().ToString() }),
            ("real issue, wrong version", () => With(IssueData(), "version", "0000")),
            ("real issue, garbage fields", () => With(With(With(IssueData(), "issue", "n-importe-quoi"), "type", 12), "secteurCible", "secteur-invente")),
            ("1,000 keys", () => new JsonObject(Enumerable.Range(0, 1000).Select(k => KeyValuePair.Create<string, JsonNode?>($"k{k}", k)))),
            ("prototype keys", () => new JsonObject { ["__proto__"] = new JsonObject { ["admin"] = true }, ["constructor"] = "x", ["verb"] = "aide" }),
        };
        foreach (var verb in verbs)
        {
            foreach (var (name, data) in garbage)
            {
                yield return Json($"{verb} as partner with {name}", Invoke(verb, data()));
            }
            yield return Json($"{verb} as referent with garbage", Invoke(verb, garbage[1].Data(), ReferentObjectId));
            yield return Json($"{verb} as stranger with garbage", Invoke(verb, garbage[2].Data(), StrangerObjectId));
            yield return Json($"{verb} submit fallback with garbage", Submit(verb, garbage[1].Data()));
            yield return Json($"{verb} submit fallback empty", Submit(verb, []));
        }
    }

    private IEnumerable<AbuseInput> InvokeShapes()
    {
        string[] names = ["composeExtension/query", "task/fetch", "signin/verifyState", "", "adaptiveCard/action ", "ADAPTIVECARD/ACTION", "actionableMessage/executeAction", "fileConsent/invoke", "healthCheck"];
        foreach (var name in names)
        {
            yield return Json($"invoke named '{name}'", With(Invoke("aide"), "name", name));
        }
        var noName = Invoke("aide");
        noName.Remove("name");
        yield return Json("invoke without name", noName);
        var noValue = Invoke("aide");
        noValue.Remove("value");
        yield return Json("invoke without value", noValue);
        yield return Json("invoke value without action", With(Invoke("aide"), "value", new JsonObject { ["trigger"] = "manual" }));
        yield return Json("invoke action without verb", With(Invoke("aide"), "value", new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute" } }));
        yield return Json("invoke action without data", With(Invoke("aide"), "value", new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "signaler-envoyer" } }));
        string[] unknownVerbs = ["inconnu", "", " aide", "AIDE", "signaler-envoyer ", "signaler\u0000", "../aide", "signalement-supprimer", "admin", "aide;signaler"];
        foreach (var verb in unknownVerbs)
        {
            yield return Json($"unknown verb '{verb}'", Invoke(verb));
            yield return Json($"submit fallback with unknown verb '{verb}'", Submit(verb, []));
        }
        string[] activityTypes = ["event", "typing", "messageReaction", "installationUpdate", "endOfConversation", "messageUpdate", "messageDelete", "trace", "handoff", "Invoke", "MESSAGE"];
        foreach (var type in activityTypes)
        {
            yield return Json($"activity of type '{type}'", With(Message(), "type", type));
        }
    }

    private IEnumerable<AbuseInput> Identities()
    {
        // The partner's own id in upper case only opens the form: a complete form from them would be a real report.
        yield return Json("partner id in upper case types signaler", With(Message("signaler"), "from", new JsonObject { ["id"] = "29:1x", ["aadObjectId"] = DemoPeople.Partner.ToUpperInvariant() }));
        string[] people = [StrangerObjectId, "", "not-a-guid", "00000000-0000-0000-0000-000000000000"];
        foreach (var person in people)
        {
            yield return Json($"user '{person}' types signaler", With(Message("signaler"), "from", new JsonObject { ["id"] = "29:1x", ["aadObjectId"] = person }));
            yield return Json($"user '{person}' sends a complete form", Invoke("signaler-envoyer", With(FullForm(), "draftId", Guid.NewGuid().ToString()), person));
            yield return Json($"user '{person}' lists reports", Invoke("mes-signalements", [], person));
        }
        var noFrom = Invoke("signaler-envoyer", With(FullForm(), "draftId", Guid.NewGuid().ToString()));
        noFrom.Remove("from");
        yield return Json("complete form without from", noFrom);
        foreach (var (name, mutate) in TenantVariants())
        {
            var message = Message("signaler");
            mutate(message);
            yield return Json($"message {name}", message);
            var invoke = Invoke("signaler-envoyer", With(FullForm(), "draftId", Guid.NewGuid().ToString()));
            mutate(invoke);
            yield return Json($"complete form {name}", invoke);
        }
        // Only Teams is served: another channel's activity is refused before anything is stored or sent.
        foreach (var channel in new[] { "webchat", "directline", "emulator", "msteams2", "" })
        {
            yield return Json($"message from channel '{channel}'", With(Message("signaler"), "channelId", channel)) with { ExpectedStatus = 403 };
            yield return Json($"complete form from channel '{channel}'",
                With(Invoke("signaler-envoyer", With(FullForm(), "draftId", Guid.NewGuid().ToString())), "channelId", channel)) with { ExpectedStatus = 403 };
        }
        var noChannel = Message("signaler");
        noChannel.Remove("channelId");
        yield return Json("message without channelId", noChannel) with { ExpectedStatus = 403 };
    }

    private static IEnumerable<(string Name, Action<JsonObject> Mutate)> TenantVariants()
    {
        yield return ("from another tenant", a => { a["channelData"]!["tenant"]!["id"] = OtherTenant; a["conversation"]!["tenantId"] = OtherTenant; });
        yield return ("with channelData tenant of another tenant only", a => a["channelData"]!["tenant"]!["id"] = OtherTenant);
        yield return ("with conversation tenant of another tenant only", a => { a["channelData"] = new JsonObject(); a["conversation"]!["tenantId"] = OtherTenant; });
        yield return ("without tenant", a => { a.Remove("channelData"); a["conversation"]!.AsObject().Remove("tenantId"); });
        yield return ("from another tenant without conversation", a => { a["channelData"]!["tenant"]!["id"] = OtherTenant; a.Remove("conversation"); });
        yield return ("from another tenant without serviceUrl", a => { a["channelData"]!["tenant"]!["id"] = OtherTenant; a.Remove("serviceUrl"); });
    }

    private IEnumerable<AbuseInput> Tokens(AbuseChannel channel, string appId)
    {
        using var foreignKey = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;
        var valid = channel.Token(appId, serviceUrl);
        AbuseInput Auth(string name, JsonObject activity, string? header, int expected) =>
            new(name, Encoding.UTF8.GetBytes(activity.ToJsonString()), AbuseTarget.Authenticated, header, ExpectedStatus: expected);

        // Control: the token itself is good, so the refusals below are about what was spoiled.
        yield return Auth("valid token (control)", Invoke("aide"), "Bearer " + valid, 200);
        foreach (var other in new[] { "http://127.0.0.1:9/_autre", "https://attacker.example/", serviceUrl + "/x", "" })
        {
            // An activity without a serviceUrl is not an activity at all (400) before its token is judged.
            var expected = other.Length == 0 ? 400 : 403;
            yield return Auth($"replayed token, serviceUrl '{other}'", With(Invoke("aide"), "serviceUrl", other), "Bearer " + valid, expected);
            yield return Auth($"replayed token on a message, serviceUrl '{other}'", With(Message(), "serviceUrl", other), "Bearer " + valid, expected);
        }
        yield return Auth("token re-signed with a foreign key", Invoke("aide"), "Bearer " + channel.Token(appId, serviceUrl, signWith: foreignKey), 401);
        yield return Auth("expired token", Invoke("aide"), "Bearer " + channel.Token(appId, serviceUrl, notBefore: now.AddHours(-2), expires: now.AddMinutes(-10)), 401);
        yield return Auth("token not yet valid", Invoke("aide"), "Bearer " + channel.Token(appId, serviceUrl, notBefore: now.AddMinutes(20), expires: now.AddHours(1)), 401);
        yield return Auth("token for another bot", Invoke("aide"), "Bearer " + channel.Token("another-bot", serviceUrl), 401);
        yield return Auth("no token", Invoke("aide"), null, 401);
        yield return Auth("empty bearer", Invoke("aide"), "Bearer ", 401);
        yield return Auth("garbage bearer", Invoke("aide"), "Bearer a.b.c", 401);
        yield return Auth("token with a flipped signature byte", Invoke("aide"), "Bearer " + valid[..^2] + (valid[^2] == 'A' ? 'B' : 'A') + valid[^1], 401);
        yield return Auth("basic scheme", Invoke("aide"), "Basic " + valid, 401);
        yield return Auth("two tokens", Invoke("aide"), "Bearer " + valid + ", Bearer " + valid, 401);
        var foreignTenant = Invoke("signaler-envoyer", With(FullForm(), "draftId", Guid.NewGuid().ToString()));
        foreignTenant["channelData"]!["tenant"]!["id"] = OtherTenant;
        foreignTenant["conversation"]!["tenantId"] = OtherTenant;
        yield return Auth("valid token, another tenant", foreignTenant, "Bearer " + valid, 200);
    }

    /// <summary>Every field of the report form, valid except where a case spoils it (no draft id: never storable alone).</summary>
    private static JsonObject FullForm()
    {
        var form = new JsonObject { ["formVersion"] = "1", ["draftId"] = "" };
        foreach (var (key, value) in ReportForm.Place.Concat(ReportForm.Facts(ParisTime.DateOf(TestClock.DefaultStart))))
        {
            form[key] = value;
        }
        return form;
    }

    private JsonObject IssueData() => new() { ["secteur"] = issue.SectorId, ["numero"] = issue.Number, ["version"] = "forged" };

    private static JsonObject With(JsonObject target, string field, JsonNode? value)
    {
        target[field] = value;
        return target;
    }

    private static void SetPath(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject next)
            {
                next = [];
                node[part] = next;
            }
            node = next;
        }
        node[parts[^1]] = value;
    }
}
