using System.Text.Json;
using System.Text.Json.Nodes;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Cards;

public static class CardExtensions
{
    public static JsonElement ToJsonElement(this AdaptiveCard card) =>
        JsonSerializer.SerializeToElement(card, CardJsonContext.Wire.AdaptiveCard);

    public static string ToJson(this AdaptiveCard card) =>
        JsonSerializer.Serialize(card, CardJsonContext.Wire.AdaptiveCard);

    public static Attachment ToAttachment(this AdaptiveCard card) => new()
    {
        ContentType = AdaptiveCard.ContentType,
        Content = card.ToJsonElement(),
    };

    /// <summary>A message activity carrying the card (and its mention entities, so Teams notifies).</summary>
    public static Activity ToMessage(this AdaptiveCard card, string? summary = null) => new()
    {
        Type = ActivityTypes.Message,
        Summary = summary,
        Attachments = [card.ToAttachment()],
    };

    /// <summary>
    /// An Action.Execute with an Action.Submit fallback carrying the same data plus the verb,
    /// so that clients limited to schema 1.2 (Teams mobile) send the same request as a message.
    /// </summary>
    public static ExecuteAction Execute(string title, string verb, JsonObject? data = null, string? style = null, string? associatedInputs = null)
    {
        var submitData = data is null ? new JsonObject() : (JsonObject)data.DeepClone();
        submitData[SubmitFallback.VerbField] = verb;
        return new ExecuteAction
        {
            Title = title,
            Verb = verb,
            Data = data,
            Style = style,
            AssociatedInputs = associatedInputs,
            Fallback = new SubmitAction { Title = title, Data = submitData, AssociatedInputs = associatedInputs },
        };
    }
}

/// <summary>How the Action.Submit fallback tells the bot which verb it stands for.</summary>
public static class SubmitFallback
{
    public const string VerbField = "verb";
}
