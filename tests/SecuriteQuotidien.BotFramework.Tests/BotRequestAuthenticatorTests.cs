using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.BotFramework.Authentication;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.Tests.Support;

namespace SecuriteQuotidien.BotFramework.Tests;

/// <summary>The §1.3 checklist against a local OpenID metadata endpoint and locally generated keys.</summary>
public sealed class BotRequestAuthenticatorTests : IAsyncLifetime
{
    private const string AppId = "00000000-1111-2222-3333-444444444444";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private const string KeyId = "key-1";

    private readonly ChannelKeys _channel = new();
    private readonly List<ServiceProvider> _providers = [];
    private LocalServer _server = null!;

    public async Task InitializeAsync()
    {
        _channel.Publish(KeyId, "msteams", "skype");
        _server = await LocalServer.StartAsync(_channel.RespondAsync);
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
        await _server.DisposeAsync();
        _channel.Dispose();
    }

    [Fact]
    public async Task A_valid_channel_token_is_authenticated()
    {
        var result = await Authenticate(Bearer(_channel.CreateToken(KeyId, AppId, ServiceUrl)));

        Assert.Equal(BotAuthenticationOutcome.Authenticated, result.Outcome);
        Assert.True(result.IsAccepted);
        Assert.Null(result.FailureStatusCode);
        Assert.Equal(AppId, result.Identity?.FindFirst("aud")?.Value);
    }

    [Fact]
    public async Task The_serviceurl_claim_is_compared_case_insensitively()
    {
        var result = await Authenticate(Bearer(_channel.CreateToken(KeyId, AppId, ServiceUrl.ToUpperInvariant())));

        Assert.Equal(BotAuthenticationOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task A_token_expired_less_than_five_minutes_ago_is_accepted_within_the_clock_skew()
    {
        var now = DateTimeOffset.UtcNow;
        var token = _channel.CreateToken(KeyId, AppId, ServiceUrl, notBefore: now.AddHours(-1), expires: now.AddMinutes(-2));

        Assert.Equal(BotAuthenticationOutcome.Authenticated, (await Authenticate(Bearer(token))).Outcome);
    }

    public static TheoryData<string> UnauthorizedCases => new()
    {
        "wrong issuer", "wrong audience", "expired", "not yet valid", "bad signature", "alg none", "HS256",
        "not bearer", "three parts", "empty token", "garbage",
    };

    [Theory]
    [MemberData(nameof(UnauthorizedCases))]
    public async Task An_invalid_token_is_answered_401(string spoiled)
    {
        var now = DateTimeOffset.UtcNow;
        using var impostor = RSA.Create(2048);
        var header = spoiled switch
        {
            "wrong issuer" => Bearer(_channel.CreateToken(KeyId, AppId, ServiceUrl, issuer: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/")),
            "wrong audience" => Bearer(_channel.CreateToken(KeyId, "another-bot", ServiceUrl)),
            "expired" => Bearer(_channel.CreateToken(KeyId, AppId, ServiceUrl, notBefore: now.AddHours(-2), expires: now.AddMinutes(-10))),
            "not yet valid" => Bearer(_channel.CreateToken(KeyId, AppId, ServiceUrl, notBefore: now.AddMinutes(10), expires: now.AddHours(1))),
            "bad signature" => Bearer(_channel.CreateToken(KeyId, AppId, ServiceUrl, signWith: impostor)),
            "alg none" => Bearer(ChannelKeys.CreateUnsignedToken(AppId, ServiceUrl)),
            "HS256" => Bearer(_channel.CreateHs256Token(AppId, ServiceUrl)),
            "not bearer" => "Basic " + _channel.CreateToken(KeyId, AppId, ServiceUrl),
            "three parts" => "Bearer " + _channel.CreateToken(KeyId, AppId, ServiceUrl) + " extra",
            "empty token" => "Bearer ",
            "garbage" => "Bearer not.a.jwt",
            _ => throw new ArgumentOutOfRangeException(nameof(spoiled)),
        };

        var result = await Authenticate(header);

        Assert.Equal(BotAuthenticationOutcome.Unauthorized, result.Outcome);
        Assert.Equal(401, result.FailureStatusCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public async Task Tokens_with_a_forbidden_algorithm_are_rejected_before_any_key_lookup()
    {
        var authenticator = CreateAuthenticator();

        await authenticator.AuthenticateAsync(Bearer(ChannelKeys.CreateUnsignedToken(AppId, ServiceUrl)), TeamsActivity(), CancellationToken.None);
        await authenticator.AuthenticateAsync(Bearer(_channel.CreateHs256Token(AppId, ServiceUrl)), TeamsActivity(), CancellationToken.None);

        Assert.Equal(0, _channel.MetadataFetches);
    }

    [Fact]
    public async Task A_key_not_endorsed_for_msteams_is_answered_403()
    {
        _channel.Publish("skype-only", "skype");

        var result = await Authenticate(Bearer(_channel.CreateToken("skype-only", AppId, ServiceUrl)));

        Assert.Equal(BotAuthenticationOutcome.Forbidden, result.Outcome);
        Assert.Equal(403, result.FailureStatusCode);
    }

    [Fact]
    public async Task A_key_without_endorsements_entry_is_answered_403()
    {
        _channel.Publish("no-endorsements", endorsements: null);

        var result = await Authenticate(Bearer(_channel.CreateToken("no-endorsements", AppId, ServiceUrl)));

        Assert.Equal(BotAuthenticationOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task An_activity_from_another_channel_than_the_endorsed_ones_is_answered_403()
    {
        var activity = TeamsActivity();
        activity.ChannelId = "webchat";

        var result = await CreateAuthenticator().AuthenticateAsync(Bearer(_channel.CreateToken(KeyId, AppId, ServiceUrl)), activity, CancellationToken.None);

        Assert.Equal(BotAuthenticationOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task A_serviceurl_claim_different_from_the_activity_is_answered_403()
    {
        var result = await Authenticate(Bearer(_channel.CreateToken(KeyId, AppId, "https://attacker.example/")));

        Assert.Equal(BotAuthenticationOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task A_token_without_serviceurl_claim_is_answered_403()
    {
        var result = await Authenticate(Bearer(_channel.CreateToken(KeyId, AppId, serviceUrl: null)));

        Assert.Equal(BotAuthenticationOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task A_key_published_after_the_metadata_was_cached_is_accepted_on_its_first_request()
    {
        var authenticator = CreateAuthenticator();
        var first = await authenticator.AuthenticateAsync(Bearer(_channel.CreateToken(KeyId, AppId, ServiceUrl)), TeamsActivity(), CancellationToken.None);
        Assert.Equal(BotAuthenticationOutcome.Authenticated, first.Outcome);
        Assert.Equal(1, _channel.MetadataFetches);

        _channel.Publish("key-2", "msteams");
        var second = await authenticator.AuthenticateAsync(Bearer(_channel.CreateToken("key-2", AppId, ServiceUrl)), TeamsActivity(), CancellationToken.None);

        Assert.Equal(BotAuthenticationOutcome.Authenticated, second.Outcome);
        Assert.Equal(2, _channel.MetadataFetches);
    }

    [Fact]
    public async Task Random_unknown_key_ids_cause_at_most_one_metadata_refetch_per_interval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var authenticator = CreateAuthenticator(time: time, forcedRefreshMinInterval: TimeSpan.FromMinutes(10));
        await authenticator.AuthenticateAsync(Bearer(_channel.CreateToken(KeyId, AppId, ServiceUrl)), TeamsActivity(), CancellationToken.None);
        Assert.Equal(1, _channel.MetadataFetches);

        using var attacker = RSA.Create(2048);
        for (var i = 0; i < 8; i++)
        {
            var token = _channel.CreateToken($"random-{Guid.NewGuid():N}", AppId, ServiceUrl, signWith: attacker);
            var result = await authenticator.AuthenticateAsync(Bearer(token), TeamsActivity(), CancellationToken.None);
            Assert.Equal(BotAuthenticationOutcome.Unauthorized, result.Outcome);
        }
        Assert.Equal(2, _channel.MetadataFetches);

        time.Advance(TimeSpan.FromMinutes(11));
        await authenticator.AuthenticateAsync(Bearer(_channel.CreateToken("random-late", AppId, ServiceUrl, signWith: attacker)), TeamsActivity(), CancellationToken.None);
        Assert.Equal(3, _channel.MetadataFetches);
    }

    [Fact]
    public async Task A_missing_header_outside_development_is_answered_401()
    {
        var result = await Authenticate(header: null, appId: AppId, environment: "Production");

        Assert.Equal(BotAuthenticationOutcome.Unauthorized, result.Outcome);
    }

    [Fact]
    public async Task A_missing_header_outside_development_is_answered_401_even_without_app_id()
    {
        var authenticator = CreateAuthenticator(appId: null, environment: "Production");

        Assert.False(authenticator.IsAnonymousModeEnabled);
        Assert.Equal(BotAuthenticationOutcome.Unauthorized, (await authenticator.AuthenticateAsync(null, TeamsActivity(), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_missing_header_in_development_with_an_app_id_is_answered_401()
    {
        var authenticator = CreateAuthenticator(appId: AppId, environment: "Development");

        Assert.False(authenticator.IsAnonymousModeEnabled);
        Assert.Equal(BotAuthenticationOutcome.Unauthorized, (await authenticator.AuthenticateAsync("", TeamsActivity(), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Anonymous_requests_are_accepted_in_development_without_app_id()
    {
        var authenticator = CreateAuthenticator(appId: null, environment: "Development");

        var result = await authenticator.AuthenticateAsync(null, TeamsActivity(), CancellationToken.None);

        Assert.True(authenticator.IsAnonymousModeEnabled);
        Assert.Equal(BotAuthenticationOutcome.Anonymous, result.Outcome);
        Assert.True(result.IsAccepted);
    }

    [Fact]
    public async Task A_header_in_anonymous_development_mode_is_still_validated()
    {
        var authenticator = CreateAuthenticator(appId: null, environment: "Development");

        var result = await authenticator.AuthenticateAsync("Bearer forged.token.value", TeamsActivity(), CancellationToken.None);

        Assert.Equal(BotAuthenticationOutcome.Unauthorized, result.Outcome);
    }

    private static string Bearer(string token) => "Bearer " + token;

    private static Activity TeamsActivity() => new()
    {
        Type = ActivityTypes.Message,
        Id = "1718000000001",
        ChannelId = "msteams",
        ServiceUrl = ServiceUrl,
        Conversation = new ConversationAccount { Id = "a:1XyZ", TenantId = "tenant-1" },
        Text = "bonjour",
    };

    private Task<BotAuthenticationResult> Authenticate(string? header, string? appId = AppId, string environment = "Production") =>
        CreateAuthenticator(appId, environment).AuthenticateAsync(header, TeamsActivity(), CancellationToken.None);

    private IBotRequestAuthenticator CreateAuthenticator(string? appId = AppId, string environment = "Production", TimeProvider? time = null, TimeSpan? forcedRefreshMinInterval = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BotFramework:OpenIdMetadataUrl"] = _server.BaseUrl + ChannelKeys.MetadataPath,
            ["BotFramework:MetadataForcedRefreshMinInterval"] = (forcedRefreshMinInterval ?? TimeSpan.FromMinutes(1)).ToString(),
        };
        if (appId is not null)
        {
            settings["MicrosoftAppId"] = appId;
            settings["MicrosoftAppPassword"] = "not-used-by-inbound-validation";
        }
        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services.AddBotFramework(configuration, new TestHostEnvironment(environment));
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IBotRequestAuthenticator>();
    }
}
