using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Testing.Playground;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>
/// The bot process killed (SIGKILL) and started again on the same tables: what it learnt before
/// (conversation references, activities already processed) is still known.
/// </summary>
public sealed class BotRestartTests(RealBotFixture fixture) : IClassFixture<RealBotFixture>
{
    private PlaygroundClient Client => fixture.Client;

    [Fact]
    public Task After_a_kill_and_restart_a_redelivered_activity_is_skipped_and_the_stored_conversations_are_reached() => fixture.ExplainingFailuresAsync(async () =>
    {
        await Client.InstallInTeamAsync();
        await Client.InstallPersonallyAsync();
        var delivered = Redelivery.New();
        await delivered.DeliverAsync(Client, fixture.Bot);

        await fixture.Bot.RestartAsync();

        // The same activities again (Teams redelivers what got no answer in time): not processed twice.
        await delivered.AssertIgnoredAsync(Client, fixture.Bot);

        // A proactive message to the partner still finds the personal chat stored before the kill.
        var text = "Message proactif après redémarrage " + Guid.NewGuid().ToString("N")[..8];
        var enqueued = await fixture.ProactiveSender().SendToUserAsync(
            "e2e:restart:" + Guid.NewGuid().ToString("N"),
            new UserAddress(Client.Tenant.TenantId, Client.Tenant.CurrentUser.AadObjectId),
            new Activity { Type = ActivityTypes.Message, Text = text });
        Assert.True(enqueued);
        var proactive = (await Client.WaitForBotAsync(1, e => e.Text == text, TeamsUser.Wait))[0];
        Assert.Equal(Client.Tenant.PersonalChatId, proactive.ConversationId);

        // The channel learnt from the team install before the kill still receives the new report.
        var journey = await Client.ReportAsync();
        var root = (await Client.WaitForBotAsync(1, e => e.PostConversationId is not null
            && TeamsUser.IsCard(e, TeamsUser.GapHyperCentreChannelId, journey.Number), TeamsUser.Wait))[0];
        Assert.Equal(TeamsUser.GapHyperCentreChannelId, root.ConversationId);
    });
}
