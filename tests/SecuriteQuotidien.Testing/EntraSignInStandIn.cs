using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecuriteQuotidien.Testing;

/// <summary>
/// Plays Microsoft Entra ID for export downloads: a tenant's OpenID metadata and jwks (one RSA key) served on
/// 127.0.0.1 by Kestrel, shaped like Entra's v2.0 documents, and ID tokens signed with that key (or another) the way
/// Easy Auth forwards them in X-MS-TOKEN-AAD-ID-TOKEN.
/// </summary>
public sealed class EntraSignInStandIn : IAsyncDisposable
{
    public const string TenantId = "5d2c9f0e-7a4b-4c1d-9e8f-0a1b2c3d4e5f";
    public const string ClientId = "0f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c";
    public const string KeyId = "entra-test-key";

    private readonly RSA _key = RSA.Create(2048);
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private WebApplication? _app;

    /// <summary>http://127.0.0.1:port/{tenant}/v2.0, what <c>Export:SignIn:Authority</c> is set to.</summary>
    public Uri Authority { get; private set; } = null!;

    /// <summary>The issuer named by the metadata (and put in the tokens by default).</summary>
    public string Issuer => Authority.AbsoluteUri.TrimEnd('/');

    /// <summary>The three <c>Export:SignIn</c> settings pointing at this stand-in.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Export:SignIn:Authority"] = Authority.AbsoluteUri,
        ["Export:SignIn:TenantId"] = TenantId,
        ["Export:SignIn:ClientId"] = ClientId,
    };

    public static async Task<EntraSignInStandIn> StartAsync()
    {
        var entra = new EntraSignInStandIn();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var tenantPath = $"/{TenantId}/v2.0";
        app.MapGet(tenantPath + "/.well-known/openid-configuration", (HttpContext http) => Results.Text(new JsonObject
        {
            ["issuer"] = $"{http.Request.Scheme}://{http.Request.Host}{tenantPath}",
            ["authorization_endpoint"] = $"{http.Request.Scheme}://{http.Request.Host}{tenantPath}/oauth2/v2.0/authorize",
            ["jwks_uri"] = $"{http.Request.Scheme}://{http.Request.Host}/{TenantId}/discovery/v2.0/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["response_types_supported"] = new JsonArray("code", "id_token"),
        }.ToJsonString(), "application/json"));
        app.MapGet($"/{TenantId}/discovery/v2.0/keys", () => Results.Text(entra.Jwks().ToJsonString(), "application/json"));
        await app.StartAsync();
        entra._app = app;
        entra.Authority = new Uri(app.Urls.First().TrimEnd('/') + tenantPath);
        return entra;
    }

    /// <summary>
    /// An ID token of <paramref name="objectId"/> valid one hour from <paramref name="now"/> (the application's clock);
    /// every other field can be spoiled by the caller.
    /// </summary>
    public string IdToken(string objectId, DateTimeOffset now, string? audience = null, string? issuer = null, string tenantId = TenantId,
        RSA? signWith = null, DateTimeOffset? expires = null) => _handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer ?? Issuer,
        Audience = audience ?? ClientId,
        IssuedAt = now.AddMinutes(-1).UtcDateTime,
        NotBefore = now.AddMinutes(-1).UtcDateTime,
        Expires = (expires ?? now.AddHours(1)).UtcDateTime,
        Claims = new Dictionary<string, object> { ["oid"] = objectId, ["tid"] = tenantId, ["name"] = "Personne de test", ["ver"] = "2.0" },
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? _key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
    });

    private JsonObject Jwks() => new() { ["keys"] = new JsonArray(PublicJwk(KeyId, _key)) };

    /// <summary>The public half of <paramref name="key"/> as a JSON Web Key (RS256 signing), for a test's jwks document.</summary>
    public static JsonObject PublicJwk(string keyId, RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = keyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _key.Dispose();
    }
}
