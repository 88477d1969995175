using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Authentication;

/// <summary>Validates the Bot Framework JWT of a request to the messaging endpoint (bot-protocol §1.3).</summary>
public interface IBotRequestAuthenticator
{
    /// <summary>
    /// True when requests without an Authorization header are accepted: the <see cref="Configuration.LocalMode"/>
    /// is on (Development, no MicrosoftAppId, not on App Service). Such a request is still refused unless it comes
    /// from a loopback address (checked by the endpoint, which sees the connection). The host logs a warning at
    /// start when it is on.
    /// </summary>
    bool IsAnonymousModeEnabled { get; }

    /// <summary>
    /// Validates <paramref name="authorizationHeader"/> (the raw header value, or null) against the
    /// deserialised <paramref name="activity"/>. Never throws for a bad token; throws only when the
    /// metadata cannot be fetched at all (a server fault) or on cancellation.
    /// </summary>
    Task<BotAuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken);
}
