using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Authentication;
using SecuriteQuotidien.BotFramework.Configuration;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>
/// <c>POST /api/messages</c>: size bound, parse, authenticate (a tokenless request only in the local mode and from a
/// loopback address), channel and tenant filter, per-user limits, then
/// invokes are de-duplicated and answered in the response, and every other activity is made durable (written
/// with its de-duplication mark) before it is acknowledged with 202 and queued.
/// </summary>
public static partial class BotEndpoint
{
    public static IEndpointConventionBuilder MapBotEndpoint(this IEndpointRouteBuilder endpoints, string pattern = "/api/messages") =>
        endpoints.MapPost(pattern, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        IOptions<BotEndpointOptions> endpointOptions,
        IBotRequestAuthenticator authenticator,
        ServedTenants served,
        UserRateLimits limits,
        IProcessedActivityStore processed,
        TurnQueue queue,
        ReplySender sender,
        HostingMetrics metrics,
        IServiceProvider services,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(BotEndpoint).FullName!);
        var options = endpointOptions.Value;
        var cancellationToken = http.RequestAborted;

        var body = await ReadBoundedAsync(http, options.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var activity = InboundActivity.Parse(body);
        if (activity is null)
        {
            return Results.BadRequest(new { error = "Le corps de la requête n'est pas une activité Bot Framework." });
        }

        var auth = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString(), activity, cancellationToken);
        if (auth.FailureStatusCode is { } failure)
        {
            LogRejected(logger, failure, auth.Reason);
            if (failure == StatusCodes.Status401Unauthorized)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
            }
            return Results.StatusCode(failure);
        }
        if (auth.Outcome == BotAuthenticationOutcome.Anonymous && !LocalMode.IsLocalRequest(http.Connection))
        {
            // The local anonymous mode serves this machine only: a tokenless request from elsewhere is refused.
            LogRejected(logger, StatusCodes.Status401Unauthorized, "No Authorization header and the request does not come from a loopback address.");
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        if (!ServedTenants.IsTeams(activity))
        {
            // Another channel (Web Chat, Direct Line…): nothing is stored or sent there.
            LogChannelRefused(logger, activity.Type);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (!served.IsServed(activity))
        {
            LogTenantRefused(logger, activity.Type);
            using var refusalScope = services.CreateScope();
            return await RefuseTenantAsync(refusalScope.ServiceProvider.GetRequiredService<IBotHandler>(), sender, activity, cancellationToken);
        }
        if (limits.Check(activity) is not RateVerdict.Allowed and var verdict)
        {
            var isInvoke = activity.Type == ActivityTypes.Invoke;
            LogRateLimited(logger, activity.Type);
            metrics.RateLimited(isInvoke ? "invoke" : "message");
            return await RefuseOverLimitAsync(limits, sender, activity, notify: verdict == RateVerdict.RefusedWithNotice, cancellationToken);
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            // Only invokes are handled in the request; queued activities get their scope in their turn.
            using var scope = services.CreateScope();
            var handler = scope.ServiceProvider.GetRequiredService<IBotHandler>();
            // The answer is the HTTP response: nothing to replay after a crash (Teams shows an error and the user
            // clicks again, a new activity), so the mark keeps no body.
            if (!await IsFirstDeliveryOrUnknownAsync(processed, activity, logger, cancellationToken))
            {
                LogDuplicate(logger, activity.Type);
                return Results.Json(new InvokeResponseBody { StatusCode = 200 }, BotJsonContext.Wire.InvokeResponseBody);
            }
            return await InvokeAsync(handler, sender, activity, options, logger, cancellationToken);
        }
        return await AcceptAsync(http, activity, body, options, processed, queue, metrics, logger, cancellationToken);
    }

    /// <summary>
    /// A place in the queue first (refused: 503, nothing written), then the durable write, then 202: once Teams has
    /// its 2xx the activity is in the store, whatever happens to this process.
    /// </summary>
    private static async Task<IResult> AcceptAsync(HttpContext http, Activity activity, byte[] body, BotEndpointOptions options,
        IProcessedActivityStore processed, TurnQueue queue, HostingMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        var conversation = activity.Conversation!.Id!;
        if (!queue.TryReserve(conversation))
        {
            LogQueueFull(logger);
            metrics.TurnQueueRejected();
            http.Response.Headers.RetryAfter = "2";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        // Without an id there is nothing to de-duplicate on: the activity is still kept, under an id of its own.
        var storedId = string.IsNullOrEmpty(activity.Id) ? "no-id-" + Guid.NewGuid().ToString("N") : activity.Id;
        bool first;
        try
        {
            first = await processed.TryAcceptAsync(conversation, storedId, body, options.RecoveryGrace, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away; if the write landed, the activity is taken over after its grace.
            queue.CancelReservation(conversation);
            throw;
        }
        catch (Exception ex)
        {
            // Not durable, so not acknowledged: the channel may send it again.
            queue.CancelReservation(conversation);
            LogAcceptFailed(logger, ex.GetType().Name);
            http.Response.Headers.RetryAfter = "2";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (!first)
        {
            queue.CancelReservation(conversation);
            LogDuplicate(logger, activity.Type);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }
        queue.Enqueue(activity, storedId);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Over a per-user limit. An invoke gets its answer as usual (HTTP 200, a French message in the invoke body); a
    /// message is acknowledged with 202 and not processed, and the user is told once per window. Never 429: the
    /// channel retries a 429, which would deliver the flood later and keep the user's next requests refused.
    /// </summary>
    private static async Task<IResult> RefuseOverLimitAsync(UserRateLimits limits, ReplySender sender, Activity activity, bool notify,
        CancellationToken cancellationToken)
    {
        if (activity.Type == ActivityTypes.Invoke)
        {
            return Results.Json(InvokeResponses.Message(limits.Notice(activity)), BotJsonContext.Wire.InvokeResponseBody);
        }
        if (notify && activity.Type == ActivityTypes.Message)
        {
            await sender.ReplyAsync(activity, new Activity { Type = ActivityTypes.Message, Text = limits.Notice(activity) }, cancellationToken);
        }
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    // The store unreachable: the invoke is handled anyway rather than answered HTTP 500. Invoke handlers are
    // idempotent by their own keys (an issue's idempotency key, a card's version), and the handler, meeting the
    // same outage, answers the user with its own "réessayez" card.
    private static async Task<bool> IsFirstDeliveryOrUnknownAsync(IProcessedActivityStore processed, Activity activity, ILogger logger,
        CancellationToken cancellationToken)
    {
        try
        {
            return await processed.IsFirstDeliveryAsync(activity, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDeduplicationUnavailable(logger, ex.GetType().Name);
            return true;
        }
    }

    private static async Task<IResult> InvokeAsync(IBotHandler handler, ReplySender sender, Activity activity, BotEndpointOptions options, ILogger logger, CancellationToken requestAborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(options.InvokeTimeout);
        InvokeResponseBody response;
        try
        {
            response = await handler.OnInvokeAsync(new TurnContext(activity, sender), timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !requestAborted.IsCancellationRequested)
        {
            // The invoke answer is what the user sees: an error body, never an HTTP 500.
            LogInvokeFailed(logger, ex, activity.Name);
            response = InvokeResponses.Error(500, "InternalError", "Le service n'a pas pu traiter cette action. Réessayez dans un instant.");
        }
        // Teams requires HTTP 200; the status of the action travels in the body.
        return Results.Json(response, BotJsonContext.Wire.InvokeResponseBody);
    }

    private static async Task<IResult> RefuseTenantAsync(IBotHandler handler, ReplySender sender, Activity activity, CancellationToken cancellationToken)
    {
        var message = handler.RefusedTenantMessage(activity);
        if (activity.Type == ActivityTypes.Invoke)
        {
            return Results.Json(
                message is null ? InvokeResponses.Error(403, "Forbidden", "Forbidden") : InvokeResponses.Message(message),
                BotJsonContext.Wire.InvokeResponseBody);
        }
        if (message is not null && activity.Type == ActivityTypes.Message)
        {
            await sender.ReplyAsync(activity, new Activity { Type = ActivityTypes.Message, Text = message }, cancellationToken);
        }
        return Results.StatusCode(StatusCodes.Status403Forbidden);
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpContext http, int maxBytes, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return null;
        }
        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBytes + 1L;
        }
        try
        {
            if (http.Request.ContentLength is { } length)
            {
                // The usual case (Teams sends Content-Length): one exact buffer, no copy.
                var body = new byte[length];
                await http.Request.Body.ReadExactlyAsync(body, cancellationToken);
                return body;
            }
        }
        catch (EndOfStreamException)
        {
            return [];
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request rejected with {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {ActivityType} activity from a tenant that is not served was refused")]
    private static partial void LogTenantRefused(ILogger logger, string? activityType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duplicate {ActivityType} activity ignored")]
    private static partial void LogDuplicate(ILogger logger, string? activityType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "De-duplication store unavailable ({ErrorType}); the invoke is handled without the check")]
    private static partial void LogDeduplicationUnavailable(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn queue full for this conversation or in total; answered 503")]
    private static partial void LogQueueFull(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {ActivityType} activity from a channel other than Teams was refused")]
    private static partial void LogChannelRefused(ILogger logger, string? activityType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {ActivityType} activity over its user's limit was refused")]
    private static partial void LogRateLimited(ILogger logger, string? activityType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An activity could not be made durable ({ErrorType}); answered 503")]
    private static partial void LogAcceptFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invoke {InvokeName} failed")]
    private static partial void LogInvokeFailed(ILogger logger, Exception exception, string? invokeName);
}
