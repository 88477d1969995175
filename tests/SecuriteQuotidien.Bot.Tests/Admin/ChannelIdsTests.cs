using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Admin;

public sealed class ChannelIdsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_administrator_gets_the_channel_ids_to_copy_into_the_department_file()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false });

        var reply = await bot.SayInChannelAsync("ids", DemoPeople.Administrator);

        var text = CardClient.AllText(reply.Card!);
        Assert.Contains($"\"title\":\"channelId\",\"value\":\"{DemoDepartment.GapCentreChannel}\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"title\":\"tenantId\",\"value\":\"{DemoDepartment.Tenant}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anyone_else_is_refused_in_french()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false });

        var reply = await bot.SayInChannelAsync("ids", DemoPeople.GapReferent);

        Refusals.AssertRefused(reply.Text);
        Assert.Null(reply.Card);
    }
}
