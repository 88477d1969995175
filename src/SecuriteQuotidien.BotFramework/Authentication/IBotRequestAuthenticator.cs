using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Authentication;

/// <summary>Validates the Bot Framework JWT of a request to the messaging endpoint (bot-protocol §1.3).</summary>
public interface IBotRequestAuthenticator
{
    /// <summary>
    /// True when requests without an Authorization header are accepted: no MicrosoftAppId is configured
    /// and the host runs in Development. The host logs a warning at start when it is on.
    /// </summary>
    bool IsAnonymousModeEnabled { get; }

    /// <summary>
    /// Validates <paramref name="authorizationHeader"/> (the raw header value, or null) against the
    /// deserialised <paramref name="activity"/>. Never throws for a bad token; throws only when the
    /// metadata cannot be fetched at all (a server fault) or on cancellation.
    /// </summary>
    Task<BotAuthenticationResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken);
}
