using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Abuse;

/// <summary>
/// Plays the Bot Framework channel for the token cases: a local OpenID metadata document and jwks
/// (one key endorsed for msteams) on 127.0.0.1, and channel tokens signed with that key or another.
/// </summary>
public sealed class AbuseChannel : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string KeyId = "abuse-key";
    private const string MetadataPath = "/v1/.well-known/openidconfiguration";
    private const string KeysPath = "/v1/.well-known/keys";

    private readonly RSA _key = RSA.Create(2048);
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private WebApplication? _app;

    public string MetadataUrl { get; private set; } = "";

    public static async Task<AbuseChannel> StartAsync()
    {
        var channel = new AbuseChannel();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet(MetadataPath, (HttpContext http) => Results.Text(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = $"{http.Request.Scheme}://{http.Request.Host}{KeysPath}",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }.ToJsonString(), "application/json"));
        app.MapGet(KeysPath, () => Results.Text(channel.Jwks().ToJsonString(), "application/json"));
        await app.StartAsync();
        channel._app = app;
        channel.MetadataUrl = app.Urls.First().TrimEnd('/') + MetadataPath;
        return channel;
    }

    /// <summary>A channel token for <paramref name="audience"/>; <paramref name="signWith"/> replaces the published key (a foreign key).</summary>
    public string Token(string audience, string? serviceUrl, RSA? signWith = null, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>();
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            NotBefore = (notBefore ?? now.AddMinutes(-1)).UtcDateTime,
            IssuedAt = (notBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Expires = (expires ?? now.AddMinutes(30)).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? _key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    private JsonObject Jwks()
    {
        var key = EntraSignInStandIn.PublicJwk(KeyId, _key);
        key["endorsements"] = new JsonArray("msteams");
        return new JsonObject { ["keys"] = new JsonArray(key) };
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _key.Dispose();
    }
}
