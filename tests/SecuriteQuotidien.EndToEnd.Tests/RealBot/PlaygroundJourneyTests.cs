using System.Globalization;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Playground;
using Xunit.Abstractions;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>
/// The real bot process, reached only through the real Agents Playground as a partner (Camille Roux)
/// in Teams would: installs, commands, the report form and the post in the sector channel.
/// </summary>
public sealed class PlaygroundJourneyTests(RealBotFixture fixture, ITestOutputHelper output) : IClassFixture<RealBotFixture>
{
    private const string BotId = "28:00000000-0000-4000-8000-0000000000b0";

    private PlaygroundClient Client => fixture.Client;

    [Fact]
    public Task Installing_in_the_personal_chat_greets_the_partner_and_aide_answers_with_the_help_card() => fixture.ExplainingFailuresAsync(async () =>
    {
        var welcome = await Client.InstallPersonallyAsync();

        Assert.Equal(Client.Tenant.PersonalChatId, welcome.ConversationId);
        Assert.Equal(BotId, welcome.FromId);
        Assert.Contains("Bonjour Camille Roux !", CardForm.AllText(CardForm.CardOf(welcome)), StringComparison.Ordinal);

        var posted = await Client.SendPersonalMessageAsync("aide");

        var help = await Client.WaitForCardAsync(posted.ConversationId, TeamsUser.HelpTitle);
        Assert.Equal(Client.Tenant.PersonalChatId, help.ConversationId);
        Assert.Null(help.PostConversationId);
    });

    [Fact]
    public Task Aide_mentioned_in_the_general_channel_is_answered_in_the_thread_it_opened() => fixture.ExplainingFailuresAsync(async () =>
    {
        var posted = await Client.SendChannelMessageAsync(TeamsUser.GapHyperCentreChannelId, "aide");

        Assert.Equal($"{TeamsUser.GapHyperCentreChannelId};messageid={posted.MessageId}", posted.ConversationId);
        var help = await Client.WaitForCardAsync(posted.ConversationId, TeamsUser.HelpTitle);
        Assert.Equal(posted.ConversationId, help.ConversationId);
        Assert.Equal(BotId, help.FromId);
    });

    [Fact]
    public Task A_report_through_the_form_is_confirmed_with_its_number_and_opens_a_thread_in_the_sector_channel() => fixture.ExplainingFailuresAsync(async () =>
    {
        await Client.InstallInTeamAsync();
        await Client.InstallPersonallyAsync();

        var journey = await Client.ReportAsync();

        Assert.Contains(TeamsUser.Facts["description"], CardForm.AllText(journey.Summary), StringComparison.Ordinal);
        var year = ParisTime.DateOf(TestClock.Default().GetUtcNow()).Year.ToString(CultureInfo.InvariantCulture);
        Assert.Matches($@"^05-{year}-\d{{4}}$", journey.Number);
        Assert.Contains("d'ici le", CardForm.AllText(journey.Confirmation), StringComparison.Ordinal);

        var root = (await Client.WaitForBotAsync(1, e => e.IsMessage && e.PostConversationId is not null
            && TeamsUser.IsCard(e, TeamsUser.GapHyperCentreChannelId, journey.Number), TeamsUser.Wait))[0];
        Assert.Equal(PlaygroundEvent.CreateMessage, root.Action);
        Assert.Equal(TeamsUser.GapHyperCentreChannelId, root.ConversationId);
        Assert.Equal($"{TeamsUser.GapHyperCentreChannelId};messageid={root.MessageId}", root.PostConversationId);
        var rootText = CardForm.AllText(CardForm.CardOf(root));
        Assert.Contains("<at>Lieutenant Julien Arnaud</at>", rootText, StringComparison.Ordinal);
        Assert.Contains(journey.Number, rootText, StringComparison.Ordinal);
        output.WriteLine($"Report {journey.Number}: {journey.RoundTrips} round-trips from the partner (1 message, 4 card actions), then 1 proactive post in the channel.");
    });
}
