using SecuriteQuotidien.Testing.Playground;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>
/// Two bot processes over one Azurite, as two App Service instances: they share the de-duplication
/// state and the conversation references.
/// </summary>
public sealed class TwoBotProcessesTests(TwoBotsFixture fixture) : IClassFixture<TwoBotsFixture>
{
    [Fact]
    public Task An_activity_processed_by_one_instance_is_skipped_by_the_other() => fixture.ExplainingFailuresAsync(async () =>
    {
        var delivered = Redelivery.New();
        await delivered.DeliverAsync(fixture.Client, fixture.Bot);

        // The same activities (same conversation and ids) delivered to the second instance.
        await delivered.AssertIgnoredAsync(fixture.ClientB, fixture.BotB);
    });

    [Fact]
    public Task A_channel_reference_stored_by_one_instance_is_used_by_the_other() => fixture.ExplainingFailuresAsync(async () =>
    {
        // Only the first instance sees the team install, through the first playground.
        await fixture.Client.InstallInTeamAsync();

        // The report goes through the second instance and the second playground...
        var journey = await fixture.ClientB.ReportAsync();

        // ...and its root card reaches the channel at the service URL the first instance stored.
        var root = (await fixture.Client.WaitForBotAsync(1, e => e.PostConversationId is not null
            && TeamsUser.IsCard(e, TeamsUser.GapHyperCentreChannelId, journey.Number), TeamsUser.Wait))[0];
        Assert.Equal(TeamsUser.GapHyperCentreChannelId, root.ConversationId);
        Assert.Contains("<at>Lieutenant Julien Arnaud</at>", CardForm.AllText(CardForm.CardOf(root)), StringComparison.Ordinal);
    });
}
