using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecuriteQuotidien.BotFramework.Schema;

/// <summary>Source-generated System.Text.Json metadata for the wire schema (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(TeamsChannelAccount))]
[JsonSerializable(typeof(InvokeResponseBody))]
[JsonSerializable(typeof(ConversationReference))]
[JsonSerializable(typeof(TeamsChannelData))]
[JsonSerializable(typeof(InvokeError))]
[JsonSerializable(typeof(string))]
public sealed partial class BotJsonContext : JsonSerializerContext
{
    /// <summary>
    /// For what goes on the wire: accented letters and apostrophes stay as they are instead of
    /// \uXXXX escapes (French text would otherwise grow up to six times against Teams' size limit).
    /// </summary>
    public static BotJsonContext Wire { get; } = new(WireOptions(propertyNameCaseInsensitive: true));

    internal static JsonSerializerOptions WireOptions(bool propertyNameCaseInsensitive) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = propertyNameCaseInsensitive,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
