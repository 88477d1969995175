using System.Text.Json;

namespace SecuriteQuotidien.Testing.Playground;

/// <summary>A mock user of the playground's config file.</summary>
public sealed record PlaygroundUser(string Id, string Name, string AadObjectId);

/// <summary>A channel of the playground's single team; its id is also its conversation id.</summary>
public sealed record PlaygroundChannel(string Id, string Name);

/// <summary>
/// The mock tenant a playground serves, read from its GET /_internal/v1/testConfig. The ids are the
/// config file's, used verbatim in the activities: a user's <c>Id</c> is <c>from.id</c>, the
/// personal chat id is the 1:1 conversation id, the team id is also the General channel's
/// conversation id.
/// </summary>
public sealed record PlaygroundTenant(
    string TenantId,
    string BotId,
    string BotName,
    PlaygroundUser CurrentUser,
    IReadOnlyList<PlaygroundUser> OtherUsers,
    string PersonalChatId,
    string GroupChatId,
    string TeamId,
    string TeamName,
    IReadOnlyList<PlaygroundChannel> Channels,
    JsonElement Json)
{
    /// <summary>The General channel, whose conversation id is the team id.</summary>
    public PlaygroundChannel GeneralChannel => Channels[0];

    public PlaygroundUser User(string name) =>
        OtherUsers.Concat([CurrentUser]).FirstOrDefault(u => u.Name == name)
        ?? throw new KeyNotFoundException($"No playground user named '{name}'.");

    public PlaygroundChannel Channel(string name) =>
        Channels.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"No playground channel named '{name}'.");

    /// <summary>Reads the body of GET /_internal/v1/testConfig (<c>{"config":{...},"internalConfig":{...}}</c>).</summary>
    public static PlaygroundTenant Parse(JsonElement testConfig)
    {
        var config = testConfig.GetProperty("config");
        var team = config.GetProperty("teams")[0];
        return new PlaygroundTenant(
            TenantId: Text(config, "tenantId"),
            BotId: Text(config.GetProperty("bot"), "id"),
            BotName: Text(config.GetProperty("bot"), "name"),
            CurrentUser: ReadUser(config.GetProperty("currentUser")),
            OtherUsers: [.. config.GetProperty("users").EnumerateArray().Select(ReadUser)],
            PersonalChatId: Text(config.GetProperty("personalChat"), "id"),
            GroupChatId: Text(config.GetProperty("groupChats")[0], "id"),
            TeamId: Text(team, "id"),
            TeamName: Text(team, "name"),
            Channels: [.. team.GetProperty("channels").EnumerateArray().Select(c => new PlaygroundChannel(Text(c, "id"), Text(c, "name")))],
            Json: testConfig.Clone());
    }

    private static PlaygroundUser ReadUser(JsonElement user) =>
        new(Text(user, "id"), Text(user, "name"), Text(user, "aadObjectId"));

    private static string Text(JsonElement element, string property) =>
        element.GetProperty(property).GetString() ?? throw new JsonException($"'{property}' is null in the playground config.");
}
