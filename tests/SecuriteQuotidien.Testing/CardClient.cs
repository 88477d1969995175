using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;


namespace SecuriteQuotidien.Testing;

/// <summary>
/// Plays a Teams client for card actions: finds a button by verb, sends its data merged with the
/// card's input values (as typed, or overridden), and returns the card the bot answers with.
/// </summary>
public sealed class CardClient(HttpClient client, string serviceUrl, string objectId = DemoPeople.Partner)
{
    public async Task<JsonObject> InvokeAsync(string verb, JsonObject data)
    {
        var activity = TeamsActivities.CardAction(serviceUrl, verb, data, objectId);
        var response = await client.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Clicks the button with <paramref name="verb"/> on <paramref name="card"/>, after typing <paramref name="typed"/>.</summary>
    public async Task<JsonObject> ClickAsync(JsonObject card, string verb, IDictionary<string, string>? typed = null, string? title = null)
    {
        var action = Actions(card).FirstOrDefault(a => a["verb"]?.GetValue<string>() == verb && (title is null || a["title"]?.GetValue<string>() == title))
            ?? throw new InvalidOperationException($"No button with verb {verb} on the card: {card.ToJsonString()}");
        var data = (JsonObject?)action["data"]?.DeepClone() ?? [];
        if (action["associatedInputs"]?.GetValue<string>() != "none")
        {
            foreach (var (id, value) in Inputs(card))
            {
                data[id] = typed is not null && typed.TryGetValue(id, out var t) ? t : value;
            }
        }
        var response = await InvokeAsync(verb, data);
        return CardOf(response);
    }

    public static JsonObject CardOf(JsonObject invokeResponse)
    {
        if (invokeResponse["type"]?.GetValue<string>() != "application/vnd.microsoft.card.adaptive")
        {
            throw new InvalidOperationException("Not a card response: " + invokeResponse.ToJsonString());
        }
        return invokeResponse["value"]!.AsObject();
    }

    /// <summary>The card's buttons; those behind an Action.ShowCard (« Plus… ») in its place, as a person finds them after one tap.</summary>
    public static IEnumerable<JsonObject> Actions(JsonObject card) =>
        (card["actions"]?.AsArray() ?? []).OfType<JsonObject>()
            .SelectMany(a => a["type"]?.GetValue<string>() == "Action.ShowCard" && a["card"] is JsonObject shown ? ShownActions(shown) : [a]);

    /// <summary>The buttons of a card an Action.ShowCard shows: those of its ActionSets, then its own.</summary>
    private static IEnumerable<JsonObject> ShownActions(JsonObject shown) =>
        (shown["body"]?.AsArray() ?? []).OfType<JsonObject>()
            .Where(e => e["type"]?.GetValue<string>() == "ActionSet")
            .SelectMany(e => (e["actions"]?.AsArray() ?? []).OfType<JsonObject>())
            .Concat(Actions(shown));

    /// <summary>Every input of the card with its current value ("" when none).</summary>
    public static Dictionary<string, string> Inputs(JsonObject card)
    {
        var inputs = new Dictionary<string, string>();
        foreach (var element in Elements(card["body"]))
        {
            var type = element["type"]?.GetValue<string>() ?? "";
            if (type.StartsWith("Input.", StringComparison.Ordinal) && element["id"] is { } id)
            {
                inputs[id.GetValue<string>()] = element["value"]?.GetValue<string>() ?? "";
            }
        }
        return inputs;
    }

    /// <summary>Field error messages shown under the inputs (TextBlocks with id "{field}-erreur").</summary>
    public static Dictionary<string, string> Errors(JsonObject card) =>
        Elements(card["body"])
            .Where(e => e["id"]?.GetValue<string>()?.EndsWith("-erreur", StringComparison.Ordinal) == true)
            .ToDictionary(e => e["id"]!.GetValue<string>()[..^"-erreur".Length], e => e["text"]!.GetValue<string>());

    /// <summary>The card's JSON with French characters unescaped, for text assertions.</summary>
    public static string AllText(JsonNode card) => System.Text.RegularExpressions.Regex.Unescape(card.ToJsonString());

    /// <summary>Every object of the card, depth first (elements, actions, ShowCard cards, refresh...).</summary>
    public static IEnumerable<JsonObject> Descendants(JsonNode? node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        if (node is JsonObject self)
        {
            yield return self;
        }
        foreach (var descendant in children.SelectMany(Descendants))
        {
            yield return descendant;
        }
    }

    /// <summary>The facts of every FactSet of the card (title → first value).</summary>
    public static Dictionary<string, string> Facts(JsonNode card) =>
        Descendants(card)
            .Where(n => n["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray())
            .GroupBy(f => f!["title"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.First()!["value"]!.GetValue<string>());

    /// <summary>The first Action.Execute with <paramref name="verb"/> anywhere in the card (body or actions).</summary>
    public static JsonObject Button(JsonObject card, string verb, string? title = null) =>
        Descendants(card).FirstOrDefault(n => n["type"]?.GetValue<string>() == "Action.Execute" && n["verb"]?.GetValue<string>() == verb
            && (title is null || n["title"]?.GetValue<string>() == title))
        ?? throw new InvalidOperationException($"No {verb} button on the card: {card.ToJsonString()}");

    /// <summary>Clicks a button placed anywhere in the card that sends no inputs (its data only).</summary>
    public async Task<JsonObject> ClickButtonAsync(JsonObject card, string verb, string? title = null) =>
        CardOf(await InvokeAsync(verb, (JsonObject)Button(card, verb, title)["data"]!.DeepClone()));

    private static IEnumerable<JsonObject> Elements(JsonNode? node)
    {
        foreach (var element in (node?.AsArray() ?? []).OfType<JsonObject>())
        {
            yield return element;
            foreach (var child in Elements(element["items"]))
            {
                yield return child;
            }
        }
    }
}
