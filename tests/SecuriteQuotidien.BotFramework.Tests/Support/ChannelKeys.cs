using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecuriteQuotidien.BotFramework.Tests.Support;

/// <summary>
/// Plays the Bot Framework channel: locally generated RSA keys, an OpenID metadata document and a
/// jwks with an <c>endorsements</c> array per key, and channel tokens signed with those keys.
/// </summary>
public sealed class ChannelKeys : IDisposable
{
    public const string MetadataPath = "/v1/.well-known/openidconfiguration";
    public const string KeysPath = "/v1/.well-known/keys";
    public const string Issuer = "https://api.botframework.com";

    private readonly ConcurrentDictionary<string, (RSA Rsa, string[]? Endorsements)> _published = new();
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private int _metadataFetches;

    public int MetadataFetches => Volatile.Read(ref _metadataFetches);

    /// <summary>Publishes a new key; null endorsements means the jwks entry has no endorsements field.</summary>
    public RSA Publish(string keyId, params string[]? endorsements)
    {
        var rsa = RSA.Create(2048);
        _published[keyId] = (rsa, endorsements);
        return rsa;
    }

    public RSA KeyOf(string keyId) => _published[keyId].Rsa;

    /// <summary>The handler of a <see cref="LocalServer"/> serving the metadata and the jwks.</summary>
    public async Task RespondAsync(HttpContext http, RecordedRequest request)
    {
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
        switch (request.RawTarget)
        {
            case MetadataPath:
                Interlocked.Increment(ref _metadataFetches);
                await WriteJsonAsync(http, new JsonObject
                {
                    ["issuer"] = Issuer,
                    ["authorization_endpoint"] = "https://invalid.botframework.com",
                    ["jwks_uri"] = baseUrl + KeysPath,
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                    ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
                });
                break;
            case KeysPath:
                await WriteJsonAsync(http, Jwks());
                break;
            default:
                http.Response.StatusCode = 404;
                break;
        }
    }

    /// <summary>A channel token; every field can be spoiled by the caller.</summary>
    public string CreateToken(string keyId, string audience, string? serviceUrl, RSA? signWith = null, string issuer = Issuer,
        DateTimeOffset? notBefore = null, DateTimeOffset? expires = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>();
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = (notBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Expires = (expires ?? now.AddMinutes(30)).UtcDateTime,
            IssuedAt = (notBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? KeyOf(keyId)) { KeyId = keyId }, algorithm),
        });
    }

    /// <summary>A token with a symmetric HS256 signature (the key is a 256-bit secret).</summary>
    public string CreateHs256Token(string audience, string serviceUrl) => _handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = audience,
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        Expires = DateTime.UtcNow.AddMinutes(30),
        Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "key-1" }, SecurityAlgorithms.HmacSha256),
    });

    /// <summary>An unsigned token: header <c>{"alg":"none"}</c>, empty signature.</summary>
    public static string CreateUnsignedToken(string audience, string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = "key-1" };
        var payload = new JsonObject { ["iss"] = Issuer, ["aud"] = audience, ["nbf"] = now - 60, ["exp"] = now + 1800, ["serviceurl"] = serviceUrl };
        return $"{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.";
    }

    private JsonObject Jwks()
    {
        var keys = new JsonArray();
        foreach (var (kid, (rsa, endorsements)) in _published)
        {
            var parameters = rsa.ExportParameters(includePrivateParameters: false);
            var key = new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
            if (endorsements is not null)
            {
                key["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode?)e)]);
            }
            keys.Add(key);
        }
        return new JsonObject { ["keys"] = keys };
    }

    private static Task WriteJsonAsync(HttpContext http, JsonObject body)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString());
    }

    public void Dispose()
    {
        foreach (var (rsa, _) in _published.Values)
        {
            rsa.Dispose();
        }
    }
}
