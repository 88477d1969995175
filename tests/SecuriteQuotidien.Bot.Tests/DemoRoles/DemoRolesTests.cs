using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.DemoRoles;
using SecuriteQuotidien.Bot.Help;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.DemoRoles;

/// <summary>« Jouer le rôle de… » in the local anonymous mode, and nowhere else.</summary>
public sealed class PlayedPeopleTests
{
    private static readonly IDirectory Directory =
        DepartmentFileLoader.LoadAsync(RepoPaths.Combine("departments", "hautes-alpes.json"), CancellationToken.None).GetAwaiter().GetResult();

    private static Activity FromCamille() => new()
    {
        Type = ActivityTypes.Message,
        From = new ChannelAccount { Id = DemoPeople.Get(DemoPeople.Camille).TeamsId, Name = "Camille Roux", AadObjectId = DemoPeople.Camille },
    };

    public static TheoryData<string, bool, bool, string?> NotLocal => new()
    {
        { "Production", false, false, null },
        { "Development with an app id", true, true, null },
        { "Development on App Service", true, false, "0123456789abcdef" },
    };

    [Theory]
    [MemberData(nameof(NotLocal))]
    public void Outside_the_local_anonymous_mode_nobody_can_be_played_and_activities_are_left_alone(string mode, bool development, bool hasAppId, string? appService)
    {
        var played = new PlayedPeople(new LocalMode(development, hasAppId, appService), Directory);

        var (person, refusal) = played.Play(DemoPeople.Get(DemoPeople.Camille).TeamsId, DemoPeople.Commissioner);
        var everyone = played.Play(null, "Hélène Faure");
        var activity = FromCamille();
        played.Apply(activity);

        Assert.False(played.IsAvailable, mode);
        Assert.Null(person);
        Assert.Equal(PlayedPeople.OnlyInLocalDemo, refusal);
        Assert.Null(everyone.Person);
        Assert.Empty(played.Switches);
        Assert.Equal(DemoPeople.Camille, activity.From!.AadObjectId);
        Assert.Equal("Camille Roux", activity.From.Name);
    }

    [Fact]
    public void In_the_local_mode_a_switch_changes_the_author_of_that_teams_user_only_until_it_ends()
    {
        var played = new PlayedPeople(new LocalMode(development: true, hasAppId: false, appServiceInstanceId: null), Directory);
        var camille = DemoPeople.Get(DemoPeople.Camille).TeamsId;

        var (person, refusal) = played.Play(camille, "julien arnaud");
        var mine = FromCamille();
        played.Apply(mine);
        var karim = new Activity { From = new ChannelAccount { Id = DemoPeople.Get(DemoPeople.Karim).TeamsId, AadObjectId = DemoPeople.Karim } };
        played.Apply(karim);

        Assert.Null(refusal);
        Assert.Equal(DemoPeople.Julien, person!.ObjectId);
        Assert.Equal(DemoPeople.Julien, mine.From!.AadObjectId);
        Assert.Equal("Lieutenant Julien Arnaud", mine.From.Name);
        Assert.Equal(camille, mine.From.Id);
        Assert.Equal(DemoPeople.Karim, karim.From!.AadObjectId);
        Assert.Contains("référent de Gap – hyper-centre", person.Role, StringComparison.Ordinal);

        Assert.True(played.Stop(camille));
        var again = FromCamille();
        played.Apply(again);
        Assert.Equal(DemoPeople.Camille, again.From!.AadObjectId);

        // A switch for everyone replaces every user's own; stopping it without a user ends them all.
        played.Play(camille, DemoPeople.Julien);
        played.Play(null, DemoPeople.Commissioner);
        var everyone = FromCamille();
        played.Apply(everyone);
        Assert.Equal(DemoPeople.Commissioner, everyone.From!.AadObjectId);
        Assert.Equal([""], played.Switches.Keys);
        played.Play(camille, DemoPeople.Julien);
        played.Stop(null);
        Assert.Empty(played.Switches);
    }

    [Fact]
    public void The_people_are_the_whole_directory_and_an_ambiguous_or_unknown_name_is_refused()
    {
        var played = new PlayedPeople(new LocalMode(true, false, null), Directory);

        Assert.Equal(DemoPeople.All.Count(p => p.ObjectId != DemoPeople.Stranger), played.People.Count);
        Assert.Contains(played.People, p => p.ObjectId == DemoPeople.Commissioner && p.Role == "commissaire");
        Assert.Contains(played.People, p => p.ObjectId == DemoPeople.Camille && p.Role.StartsWith("partenaire (", StringComparison.Ordinal));
        Assert.Equal(PlayedPeople.UnknownPerson, played.Play("29:x", "Personne Inexistante").Refusal);
        Assert.Equal(PlayedPeople.UnknownPerson, played.Play("29:x", "a").Refusal);
        Assert.Equal(PlayedPeople.UnknownPerson, played.Play("29:x", DemoPeople.Stranger).Refusal);
        Assert.Empty(played.Switches);
    }
}

public sealed class DemoRolesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>TEST-NET-3: an address that is not this machine's.</summary>
    private static readonly IPAddress Remote = IPAddress.Parse("203.0.113.7");

    [Fact]
    public async Task In_the_local_demo_the_partner_plays_the_referent_takes_her_issue_in_charge_from_her_chat_then_is_herself_again()
    {
        await using var bot = await BotTestHost.StartAsync(azurite);
        var issue = await bot.SeedIssueAsync(withThread: true);
        var camille = bot.As(DemoPeople.Camille);

        var help = CardClient.CardOf(await camille.InvokeAsync(ActionIds.Help.Show, []));
        var choose = await camille.ClickAsync(help, ActionIds.Demo.Roles, title: HelpCard.PlayRoleButton);
        Assert.Contains("Vous êtes : Camille Roux, partenaire", CardClient.AllText(choose), StringComparison.Ordinal);
        Assert.Contains("Lieutenant Julien Arnaud — référent de Gap – hyper-centre", CardClient.AllText(choose), StringComparison.Ordinal);

        var playing = await camille.ClickAsync(choose, ActionIds.Demo.Play, new Dictionary<string, string> { [DemoRolesCards.PersonField] = DemoPeople.Julien });
        var text = CardClient.AllText(playing);
        Assert.Contains("Vous jouez maintenant Lieutenant Julien Arnaud", text, StringComparison.Ordinal);
        var policeCard = await camille.ClickButtonAsync(playing, ActionIds.Issue.Refresh, $"Ouvrir le signalement {issue.Number}");
        var acknowledged = await camille.ClickAsync(policeCard, ActionIds.Issue.Acknowledge);

        Assert.Contains("Pris en compte", CardClient.AllText(acknowledged), StringComparison.Ordinal);
        var stored = await bot.FindAsync(issue);
        Assert.Equal(IssueStatus.Acknowledged, stored!.Status);
        Assert.Contains(await bot.TimelineAsync(stored), e => e.Kind == IssueEventKind.Acknowledged && e.ActorObjectId == DemoPeople.Julien);
        // The partner is told in her chat, as when the real referent acts.
        await bot.WaitForMessageToAsync(DemoPeople.Camille, "a été pris en compte");

        var roles = CardClient.CardOf(await camille.InvokeAsync(ActionIds.Demo.Roles, []));
        Assert.Contains("Vous êtes : Lieutenant Julien Arnaud, référent", CardClient.AllText(roles), StringComparison.Ordinal);
        var back = await camille.ClickAsync(roles, ActionIds.Demo.Play, title: DemoRolesCards.StopButton);
        Assert.Contains("Vous êtes de nouveau vous-même", CardClient.AllText(back), StringComparison.Ordinal);
        var refused = await camille.InvokeAsync(ActionIds.Issue.Response, IssueRef.Of(stored).ToData());
        Refusals.AssertRefused(refused["value"]?.GetValue<string>());
    }

    [Fact]
    public async Task When_the_role_switch_is_not_available_the_verb_is_refused_and_the_caller_stays_who_they_are()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions
        {
            // The messaging endpoint stays in the local mode (the test needs no token); the switch is told it is not.
            ConfigureServices = services => services.AddSingleton(provider =>
                new PlayedPeople(new LocalMode(development: false, hasAppId: false, appServiceInstanceId: null), provider.GetRequiredService<IDirectory>())),
        });
        var issue = await bot.SeedIssueAsync(withThread: true);
        var camille = bot.As(DemoPeople.Camille);

        var help = CardClient.AllText(CardClient.CardOf(await camille.InvokeAsync(ActionIds.Help.Show, [])));
        var roles = await camille.InvokeAsync(ActionIds.Demo.Roles, []);
        var play = await camille.InvokeAsync(ActionIds.Demo.Play, new JsonObject { [DemoRolesCards.PersonField] = DemoPeople.Julien });
        var acknowledge = await camille.InvokeAsync(ActionIds.Issue.Acknowledge, IssueRef.Of(issue).ToData());

        Assert.DoesNotContain(HelpCard.PlayRoleButton, help, StringComparison.Ordinal);
        Assert.Equal(PlayedPeople.OnlyInLocalDemo, roles["value"]?.GetValue<string>());
        Assert.Equal(PlayedPeople.OnlyInLocalDemo, play["value"]?.GetValue<string>());
        Refusals.AssertRefused(acknowledge["value"]?.GetValue<string>());
        Assert.Equal(IssueStatus.New, (await bot.FindAsync(issue))!.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.GetAsync("/_dev/as")).StatusCode);
    }

    [Fact]
    public async Task The_dev_endpoint_switches_every_user_and_ends_the_switch()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false });

        var people = await ReadAsync(await bot.Http.GetAsync("/_dev/as"));
        var switched = await ReadAsync(await bot.Http.PostAsJsonAsync("/_dev/as", new { person = "Hélène Faure" }));
        var unknown = await bot.Http.PostAsJsonAsync("/_dev/as", new { person = "Quelqu'un d'autre" });
        var status = CardClient.AllText(CardClient.CardOf(await bot.As(DemoPeople.Camille).InvokeAsync(ActionIds.Demo.Roles, [])));
        var ended = await ReadAsync(await bot.Http.PostAsJsonAsync("/_dev/as", new { person = (string?)null }));

        Assert.Contains(people.People, p => p.ObjectId == DemoPeople.Commissioner);
        Assert.Empty(people.Playing);
        var only = Assert.Single(switched.Playing);
        Assert.Null(only.User);
        Assert.Equal(DemoPeople.Commissioner, only.Person.ObjectId);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Vous êtes : Commissaire Hélène Faure, commissaire", status, StringComparison.Ordinal);
        Assert.Empty(ended.Playing);
    }

    [Fact]
    public async Task The_dev_endpoint_refuses_another_address_with_403_and_switches_nobody()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false, RemoteAddress = Remote });

        var read = await bot.Http.GetAsync("/_dev/as");
        var play = await bot.Http.PostAsJsonAsync("/_dev/as", new { person = "Hélène Faure" });

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, play.StatusCode);
        Assert.Empty(bot.Get<PlayedPeople>().Switches);
    }

    [Fact]
    public async Task With_an_app_id_the_dev_endpoint_does_not_exist_and_nobody_can_be_played()
    {
        await using var bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions
        {
            Install = false,
            Settings = new Dictionary<string, string?>
            {
                ["MicrosoftAppId"] = "11111111-2222-4333-8444-555555555555",
                ["MicrosoftAppPassword"] = "not-a-real-secret",
            },
        });

        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.GetAsync("/_dev/as")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.PostAsJsonAsync("/_dev/as", new { person = "Hélène Faure" })).StatusCode);
        Assert.Equal(PlayedPeople.OnlyInLocalDemo, bot.Get<PlayedPeople>().Play(null, DemoPeople.Commissioner).Refusal);
    }

    private static async Task<DemoAsState> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DemoAsState>(JsonSerializerOptions.Web))!;
    }
}
