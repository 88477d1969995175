using System.Security.Claims;

namespace SecuriteQuotidien.BotFramework.Authentication;

public enum BotAuthenticationOutcome
{
    /// <summary>A valid channel token: process the activity.</summary>
    Authenticated,

    /// <summary>No token, accepted because anonymous development mode is on: process the activity.</summary>
    Anonymous,

    /// <summary>Missing or invalid token: answer 401.</summary>
    Unauthorized,

    /// <summary>Valid token that does not fit the activity (key endorsement, serviceurl claim): answer 403.</summary>
    Forbidden,
}

/// <summary>The verdict on one inbound request; <see cref="Reason"/> is for logs (no personal data).</summary>
public sealed record BotAuthenticationResult(BotAuthenticationOutcome Outcome, string Reason, ClaimsIdentity? Identity = null)
{
    public bool IsAccepted => Outcome is BotAuthenticationOutcome.Authenticated or BotAuthenticationOutcome.Anonymous;

    /// <summary>401 or 403 for a refused request; null when accepted.</summary>
    public int? FailureStatusCode => Outcome switch
    {
        BotAuthenticationOutcome.Unauthorized => 401,
        BotAuthenticationOutcome.Forbidden => 403,
        _ => null,
    };

    internal static BotAuthenticationResult Unauthorized(string reason) => new(BotAuthenticationOutcome.Unauthorized, reason);

    internal static BotAuthenticationResult Forbidden(string reason) => new(BotAuthenticationOutcome.Forbidden, reason);
}
