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
public sealed partial class BotJsonContext : JsonSerializerContext;
