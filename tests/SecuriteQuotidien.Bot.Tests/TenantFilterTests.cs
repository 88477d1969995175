using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests;

public sealed class TenantFilterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_tenant_that_is_not_served_gets_a_polite_french_answer_and_nothing_is_stored()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = new BotApp(azurite, new Dictionary<string, string?>
        {
            ["BotFramework:AllowedTenants:0"] = TestActivities.Tenant,
        });
        using var client = bot.CreateClient();
        const string otherTenant = "99999999-0000-4000-8000-000000000099";
        var activity = TestActivities.Personal(connector.ServiceUrl, text: "aide", tenant: otherTenant, id: "other-tenant-1");

        var response = await client.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var reply = Assert.Single(await connector.WaitForPostsAsync(1, TimeSpan.FromSeconds(10)));
        Assert.StartsWith("Ce service est réservé aux forces de l'ordre", reply.Text, StringComparison.Ordinal);
        var references = bot.Services.GetRequiredService<IConversationReferenceStore>();
        Assert.Null(await references.FindUserAsync(otherTenant, TestActivities.PartnerObjectId, CancellationToken.None));
        // Nothing was marked as processed either: the served tenant's same ids still go through.
        var processed = bot.Services.GetRequiredService<IProcessedActivityStore>();
        Assert.True(await processed.TryMarkProcessedAsync(TestActivities.PersonalConversation, "other-tenant-1", CancellationToken.None));
    }

    [Fact]
    public async Task A_served_tenant_is_answered_normally()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = new BotApp(azurite, new Dictionary<string, string?>
        {
            ["BotFramework:AllowedTenants:0"] = TestActivities.Tenant,
        });
        using var client = bot.CreateClient();
        var activity = TestActivities.Personal(connector.ServiceUrl, text: "aide");
        var response = await client.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = Assert.Single(await connector.WaitForPostsAsync(1, TimeSpan.FromSeconds(10)));
        Assert.NotNull(reply.Card);
    }
}
