using System.Net;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests;

public sealed class TenantFilterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private Task<BotTestHost> StartAsync() => BotTestHost.StartAsync(azurite, new BotTestHostOptions
    {
        Install = false,
        Settings = new Dictionary<string, string?> { ["BotFramework:AllowedTenants:0"] = DemoDepartment.Tenant },
    });

    [Fact]
    public async Task A_tenant_that_is_not_served_gets_a_polite_french_answer_and_nothing_is_stored()
    {
        await using var bot = await StartAsync();
        const string otherTenant = "99999999-0000-4000-8000-000000000099";
        var activity = TeamsActivities.Personal(bot.Connector.ServiceUrl, text: "aide", tenant: otherTenant, id: "other-tenant-1");

        var response = await bot.SendAsync(activity);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var reply = Assert.Single(await bot.Connector.WaitForPostsAsync(1, BotTestHost.DefaultWait));
        Assert.StartsWith("Ce service est réservé aux forces de l'ordre", reply.Text, StringComparison.Ordinal);
        var references = bot.Get<IConversationReferenceStore>();
        Assert.Null(await references.FindUserAsync(otherTenant, DemoPeople.Partner, CancellationToken.None));
        // Nothing was marked as processed either: the served tenant's same ids still go through.
        var processed = bot.Get<IProcessedActivityStore>();
        Assert.True(await processed.TryMarkProcessedAsync(TeamsActivities.PersonalChatOf(DemoPeople.Partner), "other-tenant-1", CancellationToken.None));
    }

    [Fact]
    public async Task A_served_tenant_is_answered_normally()
    {
        await using var bot = await StartAsync();
        var activity = TeamsActivities.Personal(bot.Connector.ServiceUrl, text: "aide");

        var response = await bot.SendAsync(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = Assert.Single(await bot.Connector.WaitForPostsAsync(1, BotTestHost.DefaultWait));
        Assert.NotNull(reply.Card);
    }
}
