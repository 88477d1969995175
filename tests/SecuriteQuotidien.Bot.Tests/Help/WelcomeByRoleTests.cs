using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Help;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Help;

/// <summary>The personal welcome speaks to its reader's role, offers only what they may use, and tells a stranger how to join.</summary>
public sealed class WelcomeByRoleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonObject> WelcomeAsync(string objectId)
    {
        var reply = (await _host.SayAsync(TeamsActivities.BotAddedToPersonalChat(_host.Connector.ServiceUrl, objectId)))[0];
        var card = reply.Card!.AsObject();
        Assert.Equal(WelcomeCard.Title, card["body"]![0]!["text"]!.GetValue<string>());
        return card;
    }

    private static IReadOnlyList<string> Verbs(JsonObject card) =>
        [.. CardClient.Actions(card).Select(a => a["verb"]!.GetValue<string>())];

    [Theory]
    [InlineData(DemoPeople.Partner)]
    [InlineData(DemoPeople.GapReferent)]
    [InlineData(DemoPeople.GapDeputy)]
    [InlineData(DemoPeople.Commissioner)]
    [InlineData(DemoPeople.Administrator)]
    public async Task Every_command_the_welcome_puts_forward_is_answered_without_a_refusal(string objectId)
    {
        var welcome = CardClient.Facts(await WelcomeAsync(objectId)).Keys;

        Assert.NotEmpty(welcome);
        foreach (var command in welcome)
        {
            var answer = (await _host.SayInPersonalChatAsync(command, objectId)).Text;
            Assert.False(answer?.EndsWith(RefusalWriter.NothingChanged, StringComparison.Ordinal) == true && answer.StartsWith("Seul", StringComparison.Ordinal),
                $"« {command} » is refused: {answer}");
        }
    }

    [Fact]
    public async Task The_partner_is_asked_to_report_here_with_the_report_button()
    {
        var card = await WelcomeAsync(DemoPeople.Partner);

        Assert.Contains("signalez ici", CardClient.AllText(card), StringComparison.Ordinal);
        Assert.Contains(ActionIds.Intake.Start, Verbs(card));
        Assert.Contains("signaler", CardClient.Facts(card).Keys);
    }

    [Fact]
    public async Task The_referent_gets_his_sectors_and_his_commands_and_no_report_button()
    {
        var card = await WelcomeAsync(DemoPeople.GapReferent);
        var text = CardClient.AllText(card);

        Assert.DoesNotContain("signalez ici", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ActionIds.Intake.Start, Verbs(card));
        Assert.Contains("Vous êtes référent de Gap – hyper-centre et adjoint de Gap – zones à forte densité de population", text, StringComparison.Ordinal);
        Assert.Equal(["échéances", "en retard", "point"], CardClient.Facts(card).Keys);
    }

    [Fact]
    public async Task The_commissioner_and_the_administrator_get_their_own_text()
    {
        var commissioner = await WelcomeAsync(DemoPeople.Commissioner);
        var administrator = await WelcomeAsync(DemoPeople.Administrator);

        Assert.Contains("tout le département", CardClient.AllText(commissioner), StringComparison.Ordinal);
        Assert.Equal("point", CardClient.Facts(commissioner).Keys.First());
        Assert.DoesNotContain(ActionIds.Intake.Start, Verbs(commissioner));
        Assert.Contains("données personne", CardClient.Facts(administrator).Keys);
        Assert.DoesNotContain("point", CardClient.Facts(administrator).Keys);
        Assert.DoesNotContain(ActionIds.Intake.Start, Verbs(administrator));
        Assert.DoesNotContain("signalez ici", CardClient.AllText(administrator), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_is_told_how_to_be_enrolled_and_by_whom_and_offered_nothing_that_refuses()
    {
        var card = await WelcomeAsync(DemoPeople.Stranger);
        var text = CardClient.AllText(card);
        var answer = (await _host.SayInPersonalChatAsync("bonjour", DemoPeople.Stranger)).Text!;

        Assert.Contains("Je ne vous trouve pas dans l'annuaire", text, StringComparison.Ordinal);
        Assert.Contains("policier référent de votre secteur", text, StringComparison.Ordinal);
        Assert.Contains("Marc Giraud", text, StringComparison.Ordinal);
        Assert.Empty(CardClient.Facts(card));
        Assert.DoesNotContain(ActionIds.Intake.Start, Verbs(card));
        Assert.DoesNotContain(ActionIds.Help.Show, Verbs(card));
        Assert.StartsWith(HelpFeature.UnknownPerson, answer, StringComparison.Ordinal);
        Assert.Contains("Marc Giraud", answer, StringComparison.Ordinal);
    }
}
