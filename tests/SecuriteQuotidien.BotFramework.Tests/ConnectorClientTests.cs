using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.BotFramework.Connector;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.Tests.Support;

namespace SecuriteQuotidien.BotFramework.Tests;

/// <summary>The connector client against a local server speaking the Connector API v3.</summary>
public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string ConversationId = "19:chan0123@thread.tacv2;messageid=1718000000777";
    private const string EscapedConversationId = "19%3Achan0123%40thread.tacv2%3Bmessageid%3D1718000000777";
    private const string TenantId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private readonly ConcurrentQueue<(int Status, string Body, string? RetryAfter)> _answers = new();
    private readonly List<ServiceProvider> _providers = [];
    private LocalServer _server = null!;

    /// <summary>Like the local Teams emulator: no trailing slash.</summary>
    private string ServiceUrl => _server.BaseUrl + "/_connector";

    public async Task InitializeAsync() => _server = await LocalServer.StartAsync(AnswerAsync);

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task Send_posts_the_activity_to_the_escaped_conversation_path(string trailing)
    {
        _answers.Enqueue((200, """{"id":"1718000000555"}""", null));

        var response = await CreateClient().SendToConversationAsync(ServiceUrl + trailing, ConversationId,
            new Activity { Type = ActivityTypes.Message, Text = "Bonjour" }, CancellationToken.None);

        Assert.Equal("1718000000555", response.Id);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/_connector/v3/conversations/{EscapedConversationId}/activities", request.RawTarget);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        AssertJson("""{"type":"message","text":"Bonjour"}""", request.Body);
    }

    [Fact]
    public async Task Reply_posts_to_the_replied_activity_and_sets_replyToId()
    {
        await CreateClient().ReplyToActivityAsync(ServiceUrl, "a:1XyZ", "1718000000001",
            new Activity { Type = ActivityTypes.Message, Text = "Réponse" }, CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/_connector/v3/conversations/a%3A1XyZ/activities/1718000000001", request.RawTarget);
        AssertJson("""{"type":"message","text":"Réponse","replyToId":"1718000000001"}""", request.Body);
    }

    [Fact]
    public async Task Update_puts_the_full_activity_with_its_id()
    {
        await CreateClient().UpdateActivityAsync(ServiceUrl, ConversationId, "1718000000555",
            new Activity { Type = ActivityTypes.Message, Text = "Carte mise à jour" }, CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal($"/_connector/v3/conversations/{EscapedConversationId}/activities/1718000000555", request.RawTarget);
        AssertJson("""{"type":"message","id":"1718000000555","text":"Carte mise à jour"}""", request.Body);
    }

    [Fact]
    public async Task Delete_sends_a_delete_without_body()
    {
        _answers.Enqueue((200, "", null));

        await CreateClient().DeleteActivityAsync(ServiceUrl, ConversationId, "1718000000555", CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal($"/_connector/v3/conversations/{EscapedConversationId}/activities/1718000000555", request.RawTarget);
        Assert.Equal("", request.Body);
    }

    [Fact]
    public async Task Create_personal_chat_posts_one_member_and_the_tenant()
    {
        _answers.Enqueue((201, """{"id":"a:1XyZ-personal"}""", null));

        var response = await CreateClient().CreateConversationAsync(ServiceUrl,
            ConversationParameters.ForPersonalChat("29:1AbCdEf-user", TenantId, botId: "28:bot"), CancellationToken.None);

        Assert.Equal("a:1XyZ-personal", response.Id);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/_connector/v3/conversations", request.RawTarget);
        AssertJson("""
            {"isGroup":false,"bot":{"id":"28:bot"},"members":[{"id":"29:1AbCdEf-user"}],"tenantId":"TENANT",
             "channelData":{"tenant":{"id":"TENANT"}}}
            """.Replace("TENANT", TenantId, StringComparison.Ordinal), request.Body);
    }

    [Fact]
    public async Task Create_channel_thread_posts_the_channel_and_the_root_activity()
    {
        _answers.Enqueue((201, """{"id":"19:chan0123@thread.tacv2;messageid=1718000000999","activityId":"1718000000999"}""", null));

        var response = await CreateClient().CreateConversationAsync(ServiceUrl,
            ConversationParameters.ForChannelThread("19:chan0123@thread.tacv2", TenantId, new Activity { Type = ActivityTypes.Message, Text = "Nouveau signalement" }),
            CancellationToken.None);

        Assert.Equal("19:chan0123@thread.tacv2;messageid=1718000000999", response.Id);
        Assert.Equal("1718000000999", response.ActivityId);
        var request = Assert.Single(_server.Requests);
        AssertJson("""
            {"isGroup":true,"tenantId":"TENANT","activity":{"type":"message","text":"Nouveau signalement"},
             "channelData":{"tenant":{"id":"TENANT"},"channel":{"id":"19:chan0123@thread.tacv2"}}}
            """.Replace("TENANT", TenantId, StringComparison.Ordinal), request.Body);
    }

    [Fact]
    public async Task Get_member_escapes_the_user_id_and_reads_the_member()
    {
        _answers.Enqueue((200, """{"id":"29:1AbC","name":"Ada","objectId":"1111","userPrincipalName":"ada@example.org","tenantId":"t"}""", null));

        var member = await CreateClient().GetMemberAsync(ServiceUrl, "19:team@thread.tacv2", "29:1AbC", CancellationToken.None);

        Assert.Equal("Ada", member.Name);
        Assert.Equal("1111", member.ObjectId);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/_connector/v3/conversations/19%3Ateam%40thread.tacv2/members/29%3A1AbC", request.RawTarget);
    }

    [Fact]
    public async Task No_null_field_is_sent()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = null,
            Conversation = new ConversationAccount { Id = "a:1" },
            Attachments = [new Attachment { ContentType = "application/vnd.microsoft.card.adaptive", Content = JsonDocument.Parse("""{"type":"AdaptiveCard"}""").RootElement }],
        };

        await CreateClient().SendToConversationAsync(ServiceUrl, "a:1", activity, CancellationToken.None);

        var body = Assert.Single(_server.Requests).Body;
        Assert.DoesNotContain("null", body, StringComparison.Ordinal);
        AssertJson("""{"type":"message","conversation":{"id":"a:1"},"attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard"}}]}""", body);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_delay()
    {
        _answers.Enqueue((429, """{"error":{"code":"Throttled","message":"slow down"}}""", "1"));

        var response = await CreateClient().SendToConversationAsync(ServiceUrl, "a:1", Message(), CancellationToken.None);

        Assert.NotNull(response.Id);
        var requests = _server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(requests[0].ReceivedTicks, requests[1].ReceivedTicks) >= TimeSpan.FromSeconds(1),
            "The retry must wait the Retry-After delay.");
    }

    [Fact]
    public async Task A_503_then_200_succeeds()
    {
        _answers.Enqueue((503, "", null));

        var response = await CreateClient().SendToConversationAsync(ServiceUrl, "a:1", Message(), CancellationToken.None);

        Assert.NotNull(response.Id);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_502_on_a_post_is_not_replayed_and_is_flagged_as_maybe_delivered()
    {
        _answers.Enqueue((502, "", null));

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            CreateClient().SendToConversationAsync(ServiceUrl, "a:1", Message(), CancellationToken.None));

        Assert.Single(_server.Requests);
        Assert.True(error.MayHaveBeenDelivered);
        Assert.False(error.IsPermanent);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
    }

    [Fact]
    public async Task A_504_on_a_get_is_retried()
    {
        _answers.Enqueue((504, "", null));
        _answers.Enqueue((200, """{"id":"29:1"}""", null));

        var member = await CreateClient().GetMemberAsync(ServiceUrl, "a:1", "29:1", CancellationToken.None);

        Assert.Equal("29:1", member.Id);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Theory]
    [InlineData(403, "BotNotInConversationRoster", ConnectorFailureKind.Forbidden, true)]
    [InlineData(403, "ConversationBlockedByUser", ConnectorFailureKind.Forbidden, true)]
    [InlineData(404, "ConversationNotFound", ConnectorFailureKind.NotFound, true)]
    [InlineData(400, "BadSyntax", ConnectorFailureKind.BadRequest, false)]
    [InlineData(413, "MessageSizeTooBig", ConnectorFailureKind.PayloadTooLarge, false)]
    public async Task Permanent_errors_are_not_retried_and_carry_their_code(int status, string code, ConnectorFailureKind kind, bool botRemoved)
    {
        _answers.Enqueue((status, $$$"""{"error":{"code":"{{{code}}}","message":"refused"}}""", null));

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            CreateClient().SendToConversationAsync(ServiceUrl, "a:1", Message(), CancellationToken.None));

        Assert.Single(_server.Requests);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(kind, error.Kind);
        Assert.True(error.IsPermanent);
        Assert.Equal(botRemoved, error.IsBotRemoved);
        Assert.False(error.MayHaveBeenDelivered);
    }

    [Fact]
    public async Task A_token_is_sent_to_a_trusted_host()
    {
        var tokens = new FakeTokenProvider();
        var client = CreateClient(appId: "app-id", trustedHost: "127.0.0.1", tokens: tokens);

        await client.SendToConversationAsync(ServiceUrl, "a:1", Message(), CancellationToken.None);

        Assert.Equal("Bearer fake-connector-token", Assert.Single(_server.Requests).Authorization);
        Assert.Equal(1, tokens.Calls);
    }

    [Fact]
    public async Task A_call_to_an_untrusted_host_is_refused_without_sending_the_token()
    {
        var tokens = new FakeTokenProvider();
        var client = CreateClient(appId: "app-id", trustedHost: null, tokens: tokens);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync(ServiceUrl, "a:1", Message(), CancellationToken.None));

        Assert.Equal(ConnectorFailureKind.UntrustedServiceUrl, error.Kind);
        Assert.True(error.IsPermanent);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
        Assert.Equal(0, tokens.Calls);
    }

    [Fact]
    public async Task Without_app_id_loopback_calls_carry_no_token_and_other_hosts_are_refused()
    {
        var client = CreateClient();

        await client.SendToConversationAsync(ServiceUrl, "a:1", Message(), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync("https://connector.example.org/", "a:1", Message(), CancellationToken.None));

        Assert.Null(Assert.Single(_server.Requests).Authorization);
        Assert.Equal(ConnectorFailureKind.UntrustedServiceUrl, refused.Kind);
    }

    [Fact]
    public async Task A_connection_failure_surfaces_as_a_connector_exception()
    {
        var closedPort = SecuriteQuotidien.Testing.FreePort.Next();

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            CreateClient().GetMemberAsync($"http://127.0.0.1:{closedPort}/", "a:1", "29:1", CancellationToken.None));

        Assert.Equal(ConnectorFailureKind.Transport, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.False(error.IsPermanent);
    }

    private static Activity Message() => new() { Type = ActivityTypes.Message, Text = "Rappel" };

    private static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}\nbut got {actual}");

    private async Task AnswerAsync(HttpContext http, RecordedRequest request)
    {
        var (status, body, retryAfter) = _answers.TryDequeue(out var answer) ? answer : (200, """{"id":"1000"}""", null);
        http.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            http.Response.Headers.RetryAfter = retryAfter;
        }
        if (body.Length > 0)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body);
        }
    }

    private IConnectorClient CreateClient(string? appId = null, string? trustedHost = null, IConnectorTokenProvider? tokens = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BotFramework:ConnectorRetryBaseDelay"] = "00:00:00.050",
            ["BotFramework:ConnectorMaxRetryAttempts"] = "3",
        };
        if (appId is not null)
        {
            settings["MicrosoftAppId"] = appId;
            settings["MicrosoftAppPassword"] = "secret";
        }
        if (trustedHost is not null)
        {
            settings["BotFramework:TrustedServiceUrlHosts:0"] = trustedHost;
        }
        var services = new ServiceCollection().AddLogging();
        services.AddBotFramework(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new TestHostEnvironment("Production"));
        if (tokens is not null)
        {
            services.AddSingleton(tokens);
        }
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IConnectorClient>();
    }

    /// <summary>Azure AD is outside our process: this stands in for the token endpoint in the trust tests only.</summary>
    private sealed class FakeTokenProvider : IConnectorTokenProvider
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult<string?>("fake-connector-token");
        }
    }
}
