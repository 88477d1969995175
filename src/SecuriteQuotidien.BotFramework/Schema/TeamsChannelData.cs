using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecuriteQuotidien.BotFramework.Schema;

/// <summary>The Teams part of <c>channelData</c>: tenant, team, channel, event type. The rest is kept.</summary>
public sealed class TeamsChannelData
{
    public string? EventType { get; set; }
    public TeamsResourceInfo? Tenant { get; set; }
    public TeamsResourceInfo? Team { get; set; }
    public TeamsResourceInfo? Channel { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An id (and optional name) of a tenant, team or channel inside <c>channelData</c>.</summary>
public sealed class TeamsResourceInfo
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadGroupId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The value of an error invoke response: <c>{code, message}</c>.</summary>
public sealed class InvokeError
{
    public string? Code { get; set; }
    public string? Message { get; set; }
}
