using SecuriteQuotidien.BotFramework.Cards;

namespace SecuriteQuotidien.Bot.Cards;

/// <summary>Short message cards the features share.</summary>
public static class MessageCards
{
    /// <summary>
    /// A step told to a partner in their personal chat ("Signalement 05-2026-0042", what happened);
    /// <paramref name="userText"/> (a text typed by someone) is shown literally.
    /// </summary>
    public static AdaptiveCard PartnerStep(string title, string text, string? userText = null)
    {
        var body = new List<CardElement> { new TextBlock(title) { Weight = "Bolder" }, new TextBlock(text) };
        if (!string.IsNullOrWhiteSpace(userText))
        {
            body.Add(CardText.Literal(userText));
        }
        return new AdaptiveCard { FallbackText = text, Body = body };
    }
}
