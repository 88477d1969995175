using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;
using static SecuriteQuotidien.Bot.Tests.Hosting.InboundTestSupport;

namespace SecuriteQuotidien.Bot.Tests.Hosting;

/// <summary>
/// Teams only, and the tenants of the allow-list: the department file's tenant by default, widened by
/// <c>BotFramework:AllowedTenants</c>. A refused request stores nothing (no conversation reference, no
/// de-duplication row) and gets a polite French answer where the channel allows one.
/// </summary>
public sealed class ServedTenantsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string OtherTenant = "99999999-0000-4000-8000-000000000099";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_channel_other_than_teams_is_refused_with_403_and_nothing_is_stored_or_sent()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await StartBotAsync(azurite, connector);
        var client = bot.Http;
        var webChat = TeamsActivities.Personal(connector.ServiceUrl, text: "aide", id: "webchat-1");
        webChat["channelId"] = "webchat";
        var invoke = TeamsActivities.CardAction(connector.ServiceUrl, "aide");
        invoke["channelId"] = "directline";

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(client, webChat)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(client, invoke)).StatusCode);

        await Task.Delay(500);
        Assert.Empty(connector.Requests);
        await AssertNothingStoredAsync(bot, DemoDepartment.Tenant);
    }

    [Fact]
    public async Task Without_an_allow_list_another_tenant_is_refused_politely_and_nothing_is_stored()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await StartBotAsync(azurite, connector);
        var client = bot.Http;

        var response = await PostAsync(client, TeamsActivities.Personal(connector.ServiceUrl, text: "aide", tenant: OtherTenant, id: "other-1"));
        var invoke = TeamsActivities.CardAction(connector.ServiceUrl, "aide");
        invoke["channelData"]!["tenant"]!["id"] = OtherTenant;
        invoke["conversation"]!["tenantId"] = OtherTenant;
        using var invokeResponse = await PostAsync(client, invoke);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var reply = Assert.Single(await connector.WaitForPostsAsync(1, Bound));
        Assert.StartsWith("Ce service est réservé aux forces de l'ordre", reply.Text, StringComparison.Ordinal);
        var answer = await invokeResponse.Content.ReadFromJsonAsync<JsonObject>();
        Assert.StartsWith("Ce service est réservé aux forces de l'ordre", answer?["value"]?.GetValue<string>(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(bot, OtherTenant);
    }

    [Fact]
    public async Task Without_an_allow_list_the_department_files_tenant_is_served()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await StartBotAsync(azurite, connector);
        var client = bot.Http;

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, TeamsActivities.Personal(connector.ServiceUrl, text: "aide"))).StatusCode);

        var reply = Assert.Single(await connector.WaitForPostsAsync(1, Bound));
        Assert.Equal("Ce que je sais faire", reply.Card?["body"]?[0]?["text"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_explicit_allow_list_widens_the_served_tenants_and_keeps_the_departments()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await StartBotAsync(azurite, connector, new Dictionary<string, string?> { ["BotFramework:AllowedTenants:0"] = OtherTenant });
        var client = bot.Http;

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, TeamsActivities.Personal(connector.ServiceUrl, text: "aide", tenant: OtherTenant, id: "other-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, TeamsActivities.Personal(connector.ServiceUrl, text: "aide", id: "department-1"))).StatusCode);

        Assert.True(await EventuallyAsync(() => RepliesTo(connector, "other-1") == 1 && RepliesTo(connector, "department-1") == 1, Bound));
        Assert.All(connector.Posts, p => Assert.NotNull(p.Card));
    }

    /// <summary>No conversation reference for the sender, and no row at all in the processed-activities table.</summary>
    private async Task AssertNothingStoredAsync(BotTestHost bot, string tenant)
    {
        var references = bot.Services.GetRequiredService<IConversationReferenceStore>();
        Assert.Null(await references.FindUserAsync(tenant, DemoPeople.Partner, CancellationToken.None));
        Assert.Equal(0, await PendingRowsAsync(azurite, bot.TablePrefix, pendingOnly: false));
    }
}
