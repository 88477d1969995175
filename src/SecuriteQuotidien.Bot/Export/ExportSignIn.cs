using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SecuriteQuotidien.BotFramework.Configuration;

namespace SecuriteQuotidien.Bot.Export;

/// <summary>What <see cref="ExportSignIn.CheckAsync"/> decided about the person downloading an export.</summary>
public enum ExportSignInVerdict
{
    /// <summary>A valid ID token of the requester.</summary>
    Requester,

    /// <summary>Sign-in is not configured, and this is a local run asked from this machine: served as before.</summary>
    LocalRun,

    /// <summary>No token, an invalid one (signature, issuer, audience, tenant, lifetime) or another person's.</summary>
    NotRequester,

    /// <summary>Sign-in is not configured and this is not a local run: nobody can prove who they are, nothing is served.</summary>
    NotConfigured,

    /// <summary>The tenant's OpenID metadata could not be read: try again later.</summary>
    Unavailable,
}

/// <summary>
/// Proves who downloads an export. App Service Authentication (Easy Auth) signs the person in and forwards their
/// Entra ID token in <see cref="IdTokenHeader"/>; this checks it (RS256 signature against the keys of the tenant's
/// OpenID metadata, issuer, audience = <c>Export:SignIn:ClientId</c>, tenant, lifetime on the app's clock) and that its
/// <c>oid</c> is the requester. <c>X-MS-CLIENT-PRINCIPAL-ID</c> is never read: outside Easy Auth anyone can send it.
/// Without <c>Export:SignIn</c>, only a local run (<see cref="LocalMode.IsLocalDevelopment"/>) asked from a loopback
/// address is served.
/// </summary>
public sealed partial class ExportSignIn
{
    public const string HttpClientName = "SecuriteQuotidien.Export.SignInMetadata";

    /// <summary>Set by Easy Auth (token store on) to the signed-in user's ID token; a client cannot set it there.</summary>
    public const string IdTokenHeader = "X-MS-TOKEN-AAD-ID-TOKEN";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256];

    private readonly ExportSignInOptions _options;
    private readonly LocalMode _localMode;
    private readonly TimeProvider _time;
    private readonly ILogger<ExportSignIn> _logger;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public ExportSignIn(IOptions<ExportOptions> options, LocalMode localMode, IHttpClientFactory httpClients, TimeProvider time, ILogger<ExportSignIn> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClients);
        _options = options.Value.SignIn;
        _localMode = localMode;
        _time = time;
        _logger = logger;
        if (_options is { IsConfigured: true, Authority: { } authority })
        {
            var metadataUrl = authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration";
            var retriever = new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName))
            {
                // Options validation allows plain http only on a loopback host.
                RequireHttps = authority.Scheme == Uri.UriSchemeHttps,
            };
            _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(metadataUrl, new OpenIdConnectConfigurationRetriever(), retriever);
        }
    }

    public async Task<ExportSignInVerdict> CheckAsync(HttpContext http, string requesterObjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (_metadata is null)
        {
            return _localMode.IsLocalDevelopment && LocalMode.IsLocalRequest(http.Connection) ? ExportSignInVerdict.LocalRun : ExportSignInVerdict.NotConfigured;
        }
        var token = http.Request.Headers[IdTokenHeader].ToString();
        if (string.IsNullOrWhiteSpace(token) || !_handler.CanReadToken(token))
        {
            LogRefused(_logger, "no readable ID token");
            return ExportSignInVerdict.NotRequester;
        }
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _metadata.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMetadataUnavailable(_logger, ex);
            return ExportSignInVerdict.Unavailable;
        }
        var validation = await _handler.ValidateTokenAsync(token, Parameters(configuration));
        if (!validation.IsValid)
        {
            if (validation.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // Keys roll over: the next download fetches the metadata again.
                _metadata.RequestRefresh();
            }
            LogRefused(_logger, validation.Exception?.GetType().Name ?? "invalid ID token");
            return ExportSignInVerdict.NotRequester;
        }
        if (!SameId(Claim(validation, "tid"), _options.TenantId))
        {
            LogRefused(_logger, "tenant");
            return ExportSignInVerdict.NotRequester;
        }
        if (!SameId(Claim(validation, "oid"), requesterObjectId))
        {
            LogRefused(_logger, "another person");
            return ExportSignInVerdict.NotRequester;
        }
        return ExportSignInVerdict.Requester;
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        // Entra's multi-tenant metadata names the issuer with a {tenantid} placeholder; a tenant's names it in full.
        ValidIssuer = configuration.Issuer?.Replace("{tenantid}", _options.TenantId, StringComparison.OrdinalIgnoreCase),
        ValidAudience = _options.ClientId,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = AllowedAlgorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuerSigningKey = true,
        // TokenValidationParameters.TimeProvider is internal in 8.x: the lifetime is checked on the app's clock here.
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = _time.GetUtcNow().UtcDateTime;
            return expires is { } end && now < end.Add(ClockSkew) && (notBefore is not { } start || now >= start.Subtract(ClockSkew));
        },
    };

    private static string? Claim(TokenValidationResult validation, string type) =>
        validation.Claims.TryGetValue(type, out var value) ? value as string : null;

    private static bool SameId(string? claim, string? expected) =>
        !string.IsNullOrWhiteSpace(claim) && string.Equals(claim, expected, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export sign-in refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export sign-in: the tenant's OpenID metadata could not be read")]
    private static partial void LogMetadataUnavailable(ILogger logger, Exception exception);
}
