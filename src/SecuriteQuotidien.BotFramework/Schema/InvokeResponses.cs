using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SecuriteQuotidien.BotFramework.Schema;

/// <summary>
/// Bodies of invoke responses for <c>adaptiveCard/action</c> (bot-protocol §4.5). The HTTP status of
/// the response is always 200; the outcome is in <see cref="InvokeResponseBody.StatusCode"/>.
/// </summary>
public static class InvokeResponses
{
    /// <summary>Replaces the card for the invoking user.</summary>
    public static InvokeResponseBody AdaptiveCard(JsonElement card) => new()
    {
        StatusCode = 200,
        Type = InvokeResponseTypes.AdaptiveCard,
        Value = card,
    };

    /// <summary>Replaces the card for the invoking user, from a typed card.</summary>
    public static InvokeResponseBody AdaptiveCard<TCard>(TCard card, JsonTypeInfo<TCard> typeInfo) =>
        AdaptiveCard(JsonSerializer.SerializeToElement(card, typeInfo));

    /// <summary>Shows a short message to the invoking user.</summary>
    public static InvokeResponseBody Message(string text) => new()
    {
        StatusCode = 200,
        Type = InvokeResponseTypes.Message,
        Value = JsonSerializer.SerializeToElement(text, BotJsonContext.Default.String),
    };

    /// <summary>An error (400 for a bad request, 500 for a failure) with a code and a message for the user.</summary>
    public static InvokeResponseBody Error(int statusCode, string code, string message) => new()
    {
        StatusCode = statusCode,
        Type = InvokeResponseTypes.Error,
        Value = JsonSerializer.SerializeToElement(new InvokeError { Code = code, Message = message }, BotJsonContext.Default.InvokeError),
    };
}
