using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;
using SecuriteQuotidien.BotFramework.Configuration;

namespace SecuriteQuotidien.BotFramework.Connector;

/// <summary>
/// Retry policy of connector calls (bot-protocol §5.2).
/// <list type="bullet">
/// <item>429: wait Retry-After (seconds or date) exactly, else exponential backoff with jitter.</item>
/// <item>412 and 503: exponential backoff with jitter, for every method: the service refused the work.</item>
/// <item>502/504 and lost connections: retried only for GET/PUT/DELETE. A POST of an activity has no
/// idempotency key, and a gateway error or timeout may come after the connector accepted the message,
/// so replaying it could post the same message twice. Such failures surface with
/// <see cref="ConnectorException.MayHaveBeenDelivered"/> and the caller (the outbox) decides.</item>
/// <item>A connection refused before anything was sent is safe to retry for every method.</item>
/// <item>400/401/403/404/413 and 500 are never retried.</item>
/// <item>A caller may pace the retries (<see cref="ConnectorRetryPacing"/>): they then wait for its slot too.</item>
/// </list>
/// </summary>
public static class ConnectorResilience
{
    public const string PipelineName = "bot-connector";

    public static HttpRetryStrategyOptions CreateRetryOptions(BotFrameworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new()
        {
            MaxRetryAttempts = options.ConnectorMaxRetryAttempts,
            Delay = options.ConnectorRetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            // Retry-After is honoured as sent: no MaxDelay clamps it.
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage()?.Method)),
            // Runs before the retry delay: a caller's rate limit may push the retry later, never earlier.
            OnRetry = args => ConnectorRetryPacing.WaitForSlotAsync(args.RetryDelay, args.Context.CancellationToken),
        };
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpMethod? method)
    {
        var idempotent = method is not null && method != HttpMethod.Post;
        if (outcome.Result is { } response)
        {
            return response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.ServiceUnavailable => true,
                HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => idempotent,
                _ => false,
            };
        }
        return outcome.Exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            HttpRequestException or TimeoutRejectedException => idempotent,
            _ => false,
        };
    }
}
