using System.Text;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Admin;

public sealed class ChannelIdsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Administrator = "00000000-0000-4000-8000-000000000041";

    [Fact]
    public async Task An_administrator_gets_the_channel_ids_to_copy_into_the_department_file()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = new BotApp(azurite);
        using var client = bot.CreateClient();
        var activity = TestActivities.ChannelMention(connector.ServiceUrl, "ids", objectId: Administrator);
        (await client.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var reply = Assert.Single(await connector.WaitForPostsAsync(1, TimeSpan.FromSeconds(10)));
        var text = CardClient.AllText(reply.Card!);
        Assert.Contains("\"title\":\"channelId\",\"value\":\"19:gap-hyper-centre@thread.tacv2\"", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"tenantId\",\"value\":\"05050505-0000-4000-8000-000000000005\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anyone_else_is_refused_in_french()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = new BotApp(azurite);
        using var client = bot.CreateClient();
        var activity = TestActivities.ChannelMention(connector.ServiceUrl, "ids");
        (await client.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var reply = Assert.Single(await connector.WaitForPostsAsync(1, TimeSpan.FromSeconds(10)));
        Assert.StartsWith("Cette commande est réservée aux administrateurs", reply.Text, StringComparison.Ordinal);
        Assert.Null(reply.Card);
    }
}
