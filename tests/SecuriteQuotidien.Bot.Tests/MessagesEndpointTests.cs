using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.BotFramework.State;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests;

public sealed class MessagesEndpointTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private BotTestHost _bot = null!;
    private ConnectorStandIn _connector = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotTestHost.StartAsync(azurite, new BotTestHostOptions { Install = false });
        _connector = _bot.Connector;
        _client = _bot.Http;
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(JsonObject activity) => _bot.SendAsync(activity);

    [Fact]
    public async Task Health_answers_ok()
    {
        var response = await _client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"type\": ")]
    [InlineData("{\"text\": \"no type\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\": 42}")]
    public async Task A_body_that_is_not_an_activity_gets_400(string body)
    {
        var response = await _client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task A_body_above_the_bound_gets_413()
    {
        var activity = TeamsActivities.Personal(_connector.ServiceUrl, text: new string('x', 70_000));
        var response = await PostAsync(activity);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Other_verbs_get_405()
    {
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _client.GetAsync("/api/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _client.PutAsync("/api/messages", new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task Aide_in_a_personal_chat_answers_the_help_card()
    {
        var response = await PostAsync(TeamsActivities.Personal(_connector.ServiceUrl, text: "Aide"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var posts = await _connector.WaitForPostsAsync(1, BotTestHost.DefaultWait);
        var reply = Assert.Single(posts);
        Assert.StartsWith("/_connector/v3/conversations/a%3A1personal-camille/activities/", reply.Path, StringComparison.Ordinal);
        Assert.Equal("Ce que je sais faire", reply.Card?["body"]?[0]?["text"]?.GetValue<string>());
        Assert.Contains("aide", CardClient.AllText(reply.Card!), StringComparison.Ordinal);
        Assert.Equal("message", reply.Body?["type"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_channel_mention_is_answered_in_the_channel_thread()
    {
        var activity = TeamsActivities.ChannelMention(_connector.ServiceUrl, "aide", id: "1718000000777");
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(activity)).StatusCode);

        var reply = Assert.Single(await _connector.WaitForPostsAsync(1, BotTestHost.DefaultWait));
        var conversation = Uri.EscapeDataString("19:gap-hyper-centre@thread.tacv2;messageid=1718000000777");
        Assert.Equal($"/_connector/v3/conversations/{conversation}/activities/1718000000777", reply.Path);
        // The team scope lists the channel commands, introduced for a channel.
        Assert.Contains("mentionnez-moi", CardClient.AllText(reply.Card!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installing_the_bot_greets_with_the_welcome_card_and_stores_the_reference()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(TeamsActivities.BotAddedToPersonalChat(_connector.ServiceUrl))).StatusCode);

        var reply = Assert.Single(await _connector.WaitForPostsAsync(1, BotTestHost.DefaultWait));
        Assert.Equal("Bienvenue dans Sécurité du Quotidien", reply.Card?["body"]?[0]?["text"]?.GetValue<string>());
        var store = _bot.Get<IConversationReferenceStore>();
        var reference = await store.FindUserAsync(DemoDepartment.Tenant, DemoPeople.Partner, CancellationToken.None);
        Assert.NotNull(reference);
        Assert.Equal(TeamsActivities.PersonalChatOf(DemoPeople.Partner), reference.ConversationId);
        Assert.Equal(_connector.ServiceUrl, reference.ServiceUrl);
    }

    [Fact]
    public async Task The_same_activity_delivered_twice_is_processed_once()
    {
        var activity = TeamsActivities.Personal(_connector.ServiceUrl, text: "aide", id: "dup-1");
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(activity)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(activity)).StatusCode);

        await _connector.WaitForPostsAsync(2, TimeSpan.FromSeconds(3));
        Assert.Single(_connector.Posts);
    }

    [Fact]
    public async Task Unknown_text_gets_suggestions_in_french()
    {
        await PostAsync(TeamsActivities.Personal(_connector.ServiceUrl, text: "bonjour le bot"));
        var reply = Assert.Single(await _connector.WaitForPostsAsync(1, BotTestHost.DefaultWait));
        Assert.StartsWith("Je n'ai pas compris votre demande. Essayez : ", reply.Text, StringComparison.Ordinal);
        Assert.Contains("« aide »", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invoke_is_answered_in_the_http_response()
    {
        var response = await PostAsync(TeamsActivities.CardAction(_connector.ServiceUrl, "aide"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(200, body?["statusCode"]?.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body?["type"]?.GetValue<string>());
        Assert.Equal("Ce que je sais faire", body?["value"]?["body"]?[0]?["text"]?.GetValue<string>());
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task An_invoke_with_an_unknown_verb_gets_a_french_message_not_an_error()
    {
        var response = await PostAsync(TeamsActivities.CardAction(_connector.ServiceUrl, "n-existe-pas"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("application/vnd.microsoft.activity.message", body?["type"]?.GetValue<string>());
        Assert.StartsWith("Ce bouton ne correspond plus", body?["value"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reply_is_retried_when_the_connector_fails_and_the_request_still_gets_its_2xx()
    {
        // More failures than the HTTP pipeline retries: the reply sender must redeliver later.
        for (var i = 0; i < 6; i++)
        {
            _connector.FailNext(503);
        }
        var response = await PostAsync(TeamsActivities.Personal(_connector.ServiceUrl, text: "aide"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && _connector.Requests.Count < 7)
        {
            await Task.Delay(100);
        }
        Assert.Equal(7, _connector.Requests.Count);
        Assert.All(_connector.Requests, r => Assert.Equal(_connector.Requests[0].Path, r.Path));
    }

    [Fact]
    public async Task A_permanent_connector_refusal_is_not_retried()
    {
        _connector.FailNext(403, code: "BotNotInConversationRoster");
        await PostAsync(TeamsActivities.Personal(_connector.ServiceUrl, text: "aide"));
        await _connector.WaitForPostsAsync(2, TimeSpan.FromSeconds(3));
        Assert.Single(_connector.Requests);
    }
}
