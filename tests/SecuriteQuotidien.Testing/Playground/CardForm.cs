using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecuriteQuotidien.Testing.Playground;

/// <summary>
/// Reads Adaptive Cards the bot sent and plays what the Teams client does on a click: the button's
/// data merged with the card's inputs (their current values, or what the user typed), unless the
/// button says <c>associatedInputs: "none"</c>.
/// </summary>
public static class CardForm
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The first Adaptive Card attached to a message the bot sent.</summary>
    public static JsonObject CardOf(PlaygroundEvent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attachment = message.Attachments.FirstOrDefault(a => a.TryGetProperty("contentType", out var type) && type.GetString() == AdaptiveCardContentType);
        if (attachment.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException("The message carries no Adaptive Card: " + message);
        }
        return JsonNode.Parse(attachment.GetProperty("content").GetRawText())!.AsObject();
    }

    /// <summary>The card of an invoke response as the playground relays it (<c>{type, value}</c>).</summary>
    public static JsonObject CardOf(JsonElement invokeResponse)
    {
        if (invokeResponse.ValueKind != JsonValueKind.Object
            || !invokeResponse.TryGetProperty("type", out var type) || type.GetString() != AdaptiveCardContentType)
        {
            throw new InvalidOperationException("Not a card response: " + (invokeResponse.ValueKind == JsonValueKind.Undefined ? "(empty)" : invokeResponse.GetRawText()));
        }
        return JsonNode.Parse(invokeResponse.GetProperty("value").GetRawText())!.AsObject();
    }

    /// <summary>Every Action.Execute of the card (card actions and action sets), in document order; fallbacks excluded.</summary>
    public static IEnumerable<JsonObject> ExecuteActions(JsonObject card) =>
        Objects(card).Where(o => TypeOf(o) == "Action.Execute");

    /// <summary>Every input of the card by id, with its current value ("" when none).</summary>
    public static Dictionary<string, string> Inputs(JsonObject card) =>
        Objects(card)
            .Where(o => TypeOf(o).StartsWith("Input.", StringComparison.Ordinal) && o["id"] is JsonValue)
            .ToDictionary(o => o["id"]!.GetValue<string>(), o => o["value"] is JsonValue value ? value.ToString() : "");

    /// <summary>
    /// The data Teams sends when the button <paramref name="verb"/> (and <paramref name="title"/>,
    /// when several share the verb) is clicked after typing <paramref name="typed"/>.
    /// </summary>
    public static (string Verb, JsonObject Data) Click(JsonObject card, string verb, IReadOnlyDictionary<string, string>? typed = null, string? title = null)
    {
        var action = ExecuteActions(card).FirstOrDefault(a => a["verb"]?.GetValue<string>() == verb && (title is null || a["title"]?.GetValue<string>() == title))
            ?? throw new InvalidOperationException($"No button with verb '{verb}'{(title is null ? "" : $" and title '{title}'")} on the card: {card.ToJsonString()}");
        var data = action["data"] is JsonObject own ? (JsonObject)own.DeepClone() : [];
        if (action["associatedInputs"]?.GetValue<string>() != "none")
        {
            foreach (var (id, value) in Inputs(card))
            {
                data[id] = typed is not null && typed.TryGetValue(id, out var text) ? text : value;
            }
        }
        var unknown = typed?.Keys.Except(Inputs(card).Keys).ToList() ?? [];
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"The card has no input named {string.Join(", ", unknown)}: {card.ToJsonString()}");
        }
        return (verb, data);
    }

    /// <summary>Every string of the card (texts, titles, values), one per line, for text assertions.</summary>
    public static string AllText(JsonNode card) =>
        string.Join('\n', Strings(card));

    /// <summary>Clicks a button of <paramref name="card"/>, carried by the bot's message <paramref name="message"/>, and returns the card the bot answers with.</summary>
    public static async Task<JsonObject> ClickAsync(this PlaygroundClient client, PlaygroundEvent message, JsonObject card, string verb,
        IReadOnlyDictionary<string, string>? typed = null, string? title = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(message);
        var (_, data) = Click(card, verb, typed, title);
        var response = await client.InvokeActionAsync(message.ThreadConversationId, message.MessageId!, verb, data, cancellationToken: cancellationToken);
        return CardOf(response);
    }

    private static string TypeOf(JsonObject element) =>
        element["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String ? type.GetValue<string>() : "";

    /// <summary>Every object of the card in document order, not descending into fallbacks.</summary>
    private static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (name, child) in obj)
                {
                    if (name != "fallback")
                    {
                        foreach (var inner in Objects(child))
                        {
                            yield return inner;
                        }
                    }
                }
                break;
            case JsonArray array:
                foreach (var inner in array.SelectMany(Objects))
                {
                    yield return inner;
                }
                break;
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };
}
