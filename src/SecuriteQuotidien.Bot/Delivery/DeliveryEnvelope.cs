using System.Text.Json;
using System.Text.Json.Serialization;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>What the dispatcher does with an outbox message.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryMode>))]
public enum DeliveryMode
{
    /// <summary><c>POST v3/conversations</c> in a channel; the target is the channel.</summary>
    [JsonStringEnumMemberName("newThread")] NewThread,

    /// <summary><c>POST v3/conversations/{id}/activities</c>.</summary>
    [JsonStringEnumMemberName("send")] Send,

    /// <summary><c>POST v3/conversations/{id}/activities/{activityId}</c>.</summary>
    [JsonStringEnumMemberName("reply")] Reply,

    /// <summary><c>PUT v3/conversations/{id}/activities/{activityId}</c>.</summary>
    [JsonStringEnumMemberName("update")] Update,

    /// <summary>No conversation to send to (e.g. the user never installed the bot): recorded failed-permanent.</summary>
    [JsonStringEnumMemberName("undeliverable")] Undeliverable,
}

/// <summary>
/// The outbox payload of a proactive message (version 1): how to send it, the activity, and what to
/// do afterwards. Stored as the outbox's activity JSON; the outbox row's target gives the conversation.
/// </summary>
public sealed record DeliveryEnvelope
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required DeliveryMode Mode { get; init; }

    /// <summary>The activity replied to or replaced (reply, update).</summary>
    public string? ActivityId { get; init; }

    public required Activity Activity { get; init; }
    public string? Purpose { get; init; }
    public JsonElement? PurposeData { get; init; }
    public string? FailureAlert { get; init; }

    /// <summary>Why the message cannot be delivered (mode undeliverable).</summary>
    public string? Reason { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, DeliveryJsonContext.Default.DeliveryEnvelope);

    /// <summary>The envelope, or null when the payload is not a version this code reads.</summary>
    public static DeliveryEnvelope? TryParse(string json)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize(json, DeliveryJsonContext.Default.DeliveryEnvelope);
            return envelope is { Version: CurrentVersion } ? envelope : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Source-generated JSON of the envelope: camelCase, nulls never written (the Teams emulator rejects "text": null).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(DeliveryEnvelope))]
internal sealed partial class DeliveryJsonContext : JsonSerializerContext;
