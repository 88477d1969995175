using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Connector;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>
/// Sends turn replies. The connector's HTTP pipeline already retries 429/5xx a few times; what still
/// fails transiently is redelivered here on a slower schedule, so an accepted activity is answered
/// even when the connector or the token endpoint is down for a while. Permanent errors (403/404...)
/// are logged, not retried. Not durable across a restart: proactive messages use the durable outbox.
/// </summary>
public sealed partial class ReplySender(
    IConnectorClient connector,
    IOptions<BotEndpointOptions> options,
    TimeProvider time,
    ILogger<ReplySender> logger)
{
    public async Task<string?> ReplyAsync(Activity inbound, Activity reply, CancellationToken cancellationToken)
    {
        var outbound = inbound.CreateReply(reply.Text);
        outbound.Attachments = reply.Attachments;
        outbound.Entities = reply.Entities;
        outbound.Summary = reply.Summary;
        outbound.TextFormat = reply.TextFormat;
        outbound.AttachmentLayout = reply.AttachmentLayout;
        outbound.ChannelData = reply.ChannelData;
        var conversationId = inbound.Conversation?.Id ?? throw new InvalidOperationException("The inbound activity has no conversation.");
        var serviceUrl = inbound.ServiceUrl ?? throw new InvalidOperationException("The inbound activity has no serviceUrl.");
        try
        {
            var response = await SendOnceAsync(serviceUrl, conversationId, inbound.Id, outbound, cancellationToken);
            return response?.Id;
        }
        catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogReplyDeferred(logger, ex.GetType().Name, StatusOf(ex));
            _ = RedeliverAsync(serviceUrl, conversationId, inbound.Id, outbound);
            return null;
        }
        catch (ConnectorException ex)
        {
            LogReplyDropped(logger, StatusOf(ex), ex.ErrorCode);
            return null;
        }
    }

    private Task<ResourceResponse> SendOnceAsync(string serviceUrl, string conversationId, string? replyToId, Activity outbound, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(replyToId)
            ? connector.SendToConversationAsync(serviceUrl, conversationId, outbound, cancellationToken)
            : connector.ReplyToActivityAsync(serviceUrl, conversationId, replyToId, outbound, cancellationToken);

    private async Task RedeliverAsync(string serviceUrl, string conversationId, string? replyToId, Activity outbound)
    {
        var delays = options.Value.ReplyRetryDelays;
        for (var attempt = 0; attempt < delays.Length; attempt++)
        {
            await Task.Delay(delays[attempt], time);
            try
            {
                await SendOnceAsync(serviceUrl, conversationId, replyToId, outbound, CancellationToken.None);
                LogReplyRedelivered(logger, attempt + 1);
                return;
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                LogReplyDeferred(logger, ex.GetType().Name, StatusOf(ex));
            }
            catch (ConnectorException ex)
            {
                LogReplyDropped(logger, StatusOf(ex), ex.ErrorCode);
                return;
            }
        }
        LogReplyAbandoned(logger, delays.Length);
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        ConnectorException connectorException => !connectorException.IsPermanent,
        HttpRequestException or TaskCanceledException or TimeoutException => true,
        Azure.Identity.AuthenticationFailedException or Azure.RequestFailedException => true,
        _ => false,
    };

    private static int StatusOf(Exception ex) => ex is ConnectorException { StatusCode: { } status } ? (int)status : 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply not delivered yet ({ErrorType}, status {StatusCode}); it will be retried")]
    private static partial void LogReplyDeferred(ILogger logger, string errorType, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply delivered after {Attempts} redelivery attempt(s)")]
    private static partial void LogReplyRedelivered(ILogger logger, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reply refused by the connector (status {StatusCode}, code {ErrorCode}); not retried")]
    private static partial void LogReplyDropped(ILogger logger, int statusCode, string? errorCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reply abandoned after {Attempts} redelivery attempts")]
    private static partial void LogReplyAbandoned(ILogger logger, int attempts);
}
