using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Authentication;

/// <summary>
/// Channel-token validation with Microsoft.IdentityModel (signature, lifetime, issuer, audience), plus
/// the Bot Framework checks the library does not know: key endorsements and the serviceurl claim.
/// </summary>
public sealed class BotRequestAuthenticator : IBotRequestAuthenticator
{
    /// <summary>The only issuer of channel tokens (public cloud).</summary>
    public const string ChannelIssuer = "https://api.botframework.com";

    public const string ServiceUrlClaim = "serviceurl";

    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly BotFrameworkOptions _options;
    private readonly BotOpenIdMetadata _metadata;
    private readonly ILogger<BotRequestAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public BotRequestAuthenticator(IOptions<BotFrameworkOptions> options, BotOpenIdMetadata metadata, LocalMode localMode, ILogger<BotRequestAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(localMode);
        _options = options.Value;
        _metadata = metadata;
        _logger = logger;
        IsAnonymousModeEnabled = localMode.IsEnabled;
    }

    public bool IsAnonymousModeEnabled { get; }

    public async Task<BotAuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var result = await AuthenticateCoreAsync(authorizationHeader, activity, cancellationToken).ConfigureAwait(false);
        if (!result.IsAccepted)
        {
            _logger.LogWarning("Bot Framework request refused ({Outcome}): {Reason}", result.Outcome, result.Reason);
        }
        return result;
    }

    private async Task<BotAuthenticationResult> AuthenticateCoreAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return IsAnonymousModeEnabled
                ? new BotAuthenticationResult(BotAuthenticationOutcome.Anonymous, "No Authorization header; local anonymous mode (the endpoint still requires a loopback remote address).")
                : BotAuthenticationResult.Unauthorized("Missing Authorization header.");
        }
        var parts = authorizationHeader.Split(' ');
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase) || parts[1].Length == 0)
        {
            return BotAuthenticationResult.Unauthorized("Authorization header is not 'Bearer <token>'.");
        }
        if (!_options.HasAppId)
        {
            return BotAuthenticationResult.Unauthorized("No MicrosoftAppId is configured, so no token can be validated.");
        }
        var token = parts[1];
        var precheck = Precheck(token);
        if (precheck is not null)
        {
            return precheck;
        }

        var configuration = await _metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var validation = await ValidateAsync(token, configuration).ConfigureAwait(false);
        if (validation.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Keys can be added at any time: refetch once (throttled) and retry.
            var refreshed = await _metadata.TryForceRefreshAsync(configuration, cancellationToken).ConfigureAwait(false);
            if (refreshed is not null)
            {
                configuration = refreshed;
                validation = await ValidateAsync(token, configuration).ConfigureAwait(false);
            }
        }
        if (!validation.IsValid)
        {
            return BotAuthenticationResult.Unauthorized($"Token rejected: {validation.Exception?.GetType().Name ?? "invalid"}.");
        }
        return CheckEndorsement(validation, configuration, activity)
            ?? CheckServiceUrl(validation, activity)
            ?? new BotAuthenticationResult(BotAuthenticationOutcome.Authenticated, "Valid channel token.", validation.ClaimsIdentity);
    }

    /// <summary>Shape, algorithm and issuer, checked before any key is looked up (checklist steps 2–3).</summary>
    private BotAuthenticationResult? Precheck(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return BotAuthenticationResult.Unauthorized("Token is not a well-formed JWT.");
        }
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return BotAuthenticationResult.Unauthorized("Token is not a well-formed JWT.");
        }
        if (!AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return BotAuthenticationResult.Unauthorized($"Token algorithm '{jwt.Alg}' is not allowed.");
        }
        if (!string.Equals(jwt.Issuer, ChannelIssuer, StringComparison.Ordinal))
        {
            return BotAuthenticationResult.Unauthorized("Token issuer is not the Bot Framework channel.");
        }
        return null;
    }

    private Task<TokenValidationResult> ValidateAsync(string token, OpenIdConnectConfiguration configuration) =>
        _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = ChannelIssuer,
            ValidAudience = _options.MicrosoftAppId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = AllowedAlgorithms,
            ClockSkew = ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            TryAllIssuerSigningKeys = false,
            // TokenValidationParameters.TimeProvider is internal in 8.x: lifetimes use the system clock.
        });

    private static BotAuthenticationResult? CheckEndorsement(TokenValidationResult validation, OpenIdConnectConfiguration configuration, Activity activity)
    {
        var keyId = (validation.SecurityToken as JsonWebToken)?.SigningKey?.KeyId
            ?? (validation.SecurityToken as JsonWebToken)?.Kid;
        var endorsements = BotOpenIdMetadata.GetEndorsements(configuration, keyId);
        if (endorsements is null)
        {
            return BotAuthenticationResult.Forbidden("Signing key has no endorsements.");
        }
        if (string.IsNullOrEmpty(activity.ChannelId) || !endorsements.Contains(activity.ChannelId, StringComparer.Ordinal))
        {
            return BotAuthenticationResult.Forbidden($"Signing key is not endorsed for channel '{activity.ChannelId}'.");
        }
        return null;
    }

    private static BotAuthenticationResult? CheckServiceUrl(TokenValidationResult validation, Activity activity)
    {
        var claim = validation.Claims.TryGetValue(ServiceUrlClaim, out var value) ? value as string : null;
        if (string.IsNullOrEmpty(claim))
        {
            return BotAuthenticationResult.Forbidden("Token has no serviceurl claim.");
        }
        return string.Equals(claim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase)
            ? null
            : BotAuthenticationResult.Forbidden("Token serviceurl claim does not match the activity's serviceUrl.");
    }
}
