using System.Net;

namespace SecuriteQuotidien.BotFramework.Connector;

/// <summary>What went wrong with a connector call, for callers that act on it.</summary>
public enum ConnectorFailureKind
{
    /// <summary>400 BadArgument / BadSyntax: the payload is wrong.</summary>
    BadRequest,

    /// <summary>401 BotNotRegistered: app id / secret or Teams channel misconfigured.</summary>
    Unauthorized,

    /// <summary>403: bot blocked, uninstalled, not in the roster or disabled by an admin.</summary>
    Forbidden,

    /// <summary>404: conversation or activity unknown or deleted.</summary>
    NotFound,

    /// <summary>413 MessageSizeTooBig.</summary>
    PayloadTooLarge,

    /// <summary>429 still answered after the retries.</summary>
    Throttled,

    /// <summary>Other HTTP errors (412, 5xx...) still answered after the retries, if any.</summary>
    ServerError,

    /// <summary>No HTTP answer: connection failure or timeout.</summary>
    Transport,

    /// <summary>The serviceUrl host is not trusted: nothing was sent.</summary>
    UntrustedServiceUrl,
}

/// <summary>
/// A failed connector call. <see cref="IsPermanent"/> says whether trying again later can help;
/// <see cref="IsBotRemoved"/> marks the 403/404 answers a caller records as "bot removed / chat gone".
/// </summary>
public class ConnectorException : Exception
{
    public ConnectorException(string message, ConnectorFailureKind kind, HttpStatusCode? statusCode = null, string? errorCode = null, bool mayHaveBeenDelivered = false, string? correlationId = null, Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
        Kind = kind;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        MayHaveBeenDelivered = mayHaveBeenDelivered;
        CorrelationId = correlationId;
    }

    public ConnectorFailureKind Kind { get; }

    /// <summary>The HTTP status answered by the connector; null when there was no answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>error.code</c> of the body (e.g. BotNotInConversationRoster, ConversationBlockedByUser).</summary>
    public string? ErrorCode { get; }

    /// <summary>
    /// True when a POST may have been applied although it failed (502/504, timeout or a connection
    /// lost after sending): sending again may duplicate the message.
    /// </summary>
    public bool MayHaveBeenDelivered { get; }

    /// <summary>
    /// The wait the connector asked for in its last answer (Retry-After, as seconds or a date), if any:
    /// a later attempt must not come sooner.
    /// </summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>X-Correlating-OperationId or MS-CV of the answer, for support requests.</summary>
    public string? CorrelationId { get; }

    /// <summary>400/401/403/404/413 and untrusted service URLs: the same call will fail again.</summary>
    public bool IsPermanent => Kind is ConnectorFailureKind.BadRequest or ConnectorFailureKind.Unauthorized
        or ConnectorFailureKind.Forbidden or ConnectorFailureKind.NotFound or ConnectorFailureKind.PayloadTooLarge
        or ConnectorFailureKind.UntrustedServiceUrl;

    /// <summary>403 or 404: the bot was removed or blocked, or the conversation no longer exists.</summary>
    public bool IsBotRemoved => Kind is ConnectorFailureKind.Forbidden or ConnectorFailureKind.NotFound;

    /// <summary>
    /// The kind of an error answer: by its status, except that the error code ConversationNotFound means 404
    /// whatever the status (the Agents Playground answers it with a 500; retrying cannot help).
    /// </summary>
    internal static ConnectorFailureKind KindOf(HttpStatusCode statusCode, string? errorCode = null) =>
        string.Equals(errorCode, "ConversationNotFound", StringComparison.OrdinalIgnoreCase) ? ConnectorFailureKind.NotFound : KindOf(statusCode);

    internal static ConnectorFailureKind KindOf(HttpStatusCode statusCode) => statusCode switch
    {
        HttpStatusCode.BadRequest => ConnectorFailureKind.BadRequest,
        HttpStatusCode.Unauthorized => ConnectorFailureKind.Unauthorized,
        HttpStatusCode.Forbidden => ConnectorFailureKind.Forbidden,
        HttpStatusCode.NotFound => ConnectorFailureKind.NotFound,
        HttpStatusCode.RequestEntityTooLarge => ConnectorFailureKind.PayloadTooLarge,
        HttpStatusCode.TooManyRequests => ConnectorFailureKind.Throttled,
        _ => ConnectorFailureKind.ServerError,
    };
}
