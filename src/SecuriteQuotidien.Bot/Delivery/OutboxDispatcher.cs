using System.Text.Json;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Observability;
using SecuriteQuotidien.BotFramework.Connector;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Storage.Outbox;

namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>
/// Sends the outbox's due messages. It claims due messages (each message goes to one instance, even
/// with several instances) while fewer than <see cref="DeliveryOptions.BatchSize"/> are in flight, and
/// sends them in one lane per conversation: a conversation's messages in order, paced by
/// <see cref="ConversationPacer"/>, lanes in parallel, so that a throttled conversation does not hold
/// the others back. Each outcome is recorded:
/// <list type="bullet">
/// <item>sent: the "on sent" purpose runs, then the message is marked sent;</item>
/// <item>429, 5xx, no answer, token or storage failure: rescheduled with exponential backoff and jitter
/// (429: at least <see cref="DeliveryOptions.ThrottledMinDelay"/> and the last Retry-After, which also
/// holds the conversation's other messages; the connector client already waited Retry-After in its
/// own retries, and those retries take pacing slots like first attempts);</item>
/// <item>403/404 (bot removed, chat deleted), 400, 413, no conversation, or too many attempts: recorded
/// failed-permanent, logged, and reported to the administrators when the message carries a failure alert.</item>
/// </list>
/// <para>
/// A POST that failed with <see cref="ConnectorException.MayHaveBeenDelivered"/> (502/504, timeout,
/// connection lost after sending) cannot be checked with Teams: the connector has no idempotency key
/// and no way to list a channel's posts. It is rescheduled like any transient failure. Before the
/// new attempt, a message with a purpose asks it whether the earlier attempt's effect is recorded
/// (<see cref="IOutboxPurposeHandler.IsAlreadyDoneAsync"/>) and skips the send if so; otherwise the
/// message is sent again and, in that rare case, may appear twice. A double is preferred to a loss:
/// a lost root card is an issue nobody answers within 30 days.
/// </para>
/// <para>
/// Crash window: sent but not yet marked sent (for a purpose: sent but its effect not yet recorded).
/// The claim then expires and the message is sent again. A send never outlives its claim: it is
/// cancelled at <c>claim end - SettleMargin</c> and rescheduled, so another instance never starts
/// a message this one is still sending. The storage failing never stops the loop: it backs off and
/// claims again.
/// </para>
/// </summary>
public sealed partial class OutboxDispatcher : BackgroundService
{
    private const int PurposeAttempts = 3;

    private readonly IOutbox _outbox;
    private readonly IConnectorClient _connector;
    private readonly ChannelReferences _channels;
    private readonly Dictionary<string, IOutboxPurposeHandler> _purposes;
    private readonly AdministratorAlerts _alerts;
    private readonly OutboxSignal _signal;
    private readonly ConversationPacer _pacer;
    private readonly ProductMetrics _metrics;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxDispatcher> _logger;
    /// <summary>
    /// Messages this instance sent whose claim it lost before recording the outcome (the clock moved past the claim
    /// while Teams answered: a dev clock's jump, a paused VM). When this instance claims one again, its lane runs after
    /// the first send's (one lane per conversation), so it records the send instead of posting a second time.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _sentUnrecorded = new(StringComparer.Ordinal);
    private const int MaxSentUnrecorded = 1_000;

    /// <summary>Channels this instance found unreachable: reported once (warning and alert), then logged at Information.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _unreachableChannels = new(StringComparer.OrdinalIgnoreCase);

    public OutboxDispatcher(IOutbox outbox, IConnectorClient connector, ChannelReferences channels, IEnumerable<IOutboxPurposeHandler> purposes,
        AdministratorAlerts alerts, OutboxSignal signal, ConversationPacer pacer, ProductMetrics metrics,
        IOptions<DeliveryOptions> options, TimeProvider time, ILogger<OutboxDispatcher> logger)
    {
        _outbox = outbox;
        _connector = connector;
        _channels = channels;
        _purposes = purposes.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _alerts = alerts;
        _signal = signal;
        _pacer = pacer;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>This instance's claim owner: unique per dispatcher, so that two hosts in one process are two owners.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One lane per conversation with claims in flight: its messages in order (pacing), lanes in
        // parallel. A throttled conversation slows only its own lane; the others keep being claimed.
        var lanes = new Dictionary<string, Task>(StringComparer.Ordinal);
        var inFlight = 0;
        var storageFailures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var done in lanes.Where(l => l.Value.IsCompleted).Select(l => l.Key).ToList())
                {
                    lanes.Remove(done);
                }
                var room = _options.BatchSize - Volatile.Read(ref inFlight);
                if (room <= 0)
                {
                    await Task.WhenAny([.. lanes.Values, Task.Delay(_options.PollInterval, _time, stoppingToken)]);
                    continue;
                }
                try
                {
                    var claims = await _outbox.ClaimDueAsync(Owner, room, _options.ClaimDuration, stoppingToken);
                    storageFailures = 0;
                    if (claims.Count == 0)
                    {
                        await _signal.WaitAsync(_options.PollInterval, stoppingToken);
                        continue;
                    }
                    foreach (var conversation in claims.GroupBy(c => c.Message.Target.ConversationId, StringComparer.Ordinal))
                    {
                        var batch = conversation.ToList();
                        Interlocked.Add(ref inFlight, batch.Count);
                        lanes[conversation.Key] = ContinueLaneAsync(lanes.GetValueOrDefault(conversation.Key), batch,
                            () => Interlocked.Decrement(ref inFlight), stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    storageFailures++;
                    var pause = Backoff(storageFailures, _options.RetryBaseDelay, _options.StorageRetryMaxDelay);
                    LogPassFailed(_logger, ex, storageFailures, pause);
                    await Task.Delay(pause, _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the lanes below finish their current send and leave the rest to expire.
        }
        finally
        {
            await Task.WhenAll(lanes.Values);
        }
    }

    /// <summary>Runs <paramref name="claims"/> after the conversation's earlier lane, in order; never faults.</summary>
    private async Task ContinueLaneAsync(Task? previous, IReadOnlyList<OutboxClaim> claims, Action onEachDone, CancellationToken stoppingToken)
    {
        if (previous is not null)
        {
            await previous;
        }
        foreach (var claim in claims)
        {
            try
            {
                // Claims left when the host stops expire and are taken again by another instance.
                if (!stoppingToken.IsCancellationRequested)
                {
                    await DispatchAsync(claim, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Storage failing while recording an outcome: the claim expires and the message is tried again.
                LogOutcomeNotRecorded(_logger, ex, claim.Message.Key);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
            finally
            {
                onEachDone();
            }
        }
    }

    private async Task DispatchAsync(OutboxClaim claim, CancellationToken stoppingToken)
    {
        var message = claim.Message;
        if (_sentUnrecorded.TryRemove(message.Key, out _))
        {
            LogSentEarlier(_logger, message.Key);
            await _outbox.CompleteAsync(claim, stoppingToken);
            return;
        }
        var envelope = DeliveryEnvelope.TryParse(message.ActivityJson);
        if (envelope is null)
        {
            await FailAsync(claim, null, OutboxFailures.Unreadable, "The outbox payload is not a delivery envelope this version reads.", stoppingToken);
            return;
        }
        if (envelope.Mode == DeliveryMode.Undeliverable)
        {
            await FailAsync(claim, envelope, OutboxFailures.Undeliverable, envelope.Reason ?? "Undeliverable.", stoppingToken);
            return;
        }
        if (message.Attempts > _options.MaxAttempts)
        {
            await FailAsync(claim, envelope, OutboxFailures.Abandoned, $"Abandoned after {message.Attempts - 1} attempts. Last error: {message.LastError}", stoppingToken);
            return;
        }

        IOutboxPurposeHandler? purpose = null;
        if (envelope.Purpose is not null && !_purposes.TryGetValue(envelope.Purpose, out purpose))
        {
            // Another version of the bot (rolling deployment) may know it.
            await RescheduleAsync(claim, Backoff(message.Attempts), $"Unknown purpose '{envelope.Purpose}'.", stoppingToken);
            return;
        }
        var purposeData = envelope.PurposeData ?? default;
        if (purpose is not null && message.Attempts > 1 && await purpose.IsAlreadyDoneAsync(purposeData, stoppingToken))
        {
            LogAlreadyDone(_logger, message.Key, purpose.Name);
            await _outbox.CompleteAsync(claim, stoppingToken);
            return;
        }

        var sendDeadline = claim.ClaimedUntil - _options.SettleMargin;
        if (!_pacer.TryReserve(message.Target.ConversationId, sendDeadline, out var slot))
        {
            await RescheduleAsync(claim, slot - _time.GetUtcNow(), "Paced: the conversation's send rate is reached.", stoppingToken);
            return;
        }
        var wait = slot - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, stoppingToken);
        }
        _pacer.Started(message.Target.ConversationId, slot, _time.GetUtcNow());

        DeliveredMessage delivered;
        // Not linked to the host's stopping token: cutting a POST in flight could double it.
        using (var budget = new CancellationTokenSource(Positive(sendDeadline - _time.GetUtcNow()), _time))
        // The connector client's own retries take their slots in the conversation's pace too.
        using (ConnectorRetryPacing.Use(due => _pacer.Reserve(message.Target.ConversationId, _time.GetUtcNow() + due) - _time.GetUtcNow()))
        {
            try
            {
                delivered = await SendAsync(message, envelope, budget.Token);
            }
            catch (ConnectorException ex)
            {
                await OnConnectorFailureAsync(claim, envelope, ex, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested)
            {
                LogOverBudget(_logger, message.Key, envelope.Mode);
                await RescheduleAsync(claim, Backoff(message.Attempts), "The send did not finish within the claim; it may have been delivered.", stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Token acquisition (Azure.Identity) and other failures before or around the call.
                LogTransient(_logger, ex, message.Key, envelope.Mode, null, null, false, ex.GetType().Name);
                await RescheduleAsync(claim, Backoff(message.Attempts), ex.Message, stoppingToken);
                return;
            }
        }

        if (purpose is not null && !await RunPurposeAsync(purpose, delivered, purposeData, stoppingToken))
        {
            await RescheduleAsync(claim, Backoff(message.Attempts), $"Sent, but the '{purpose.Name}' purpose failed; it will be sent again.", stoppingToken);
            return;
        }
        if (!await _outbox.CompleteAsync(claim, stoppingToken))
        {
            LogClaimLost(_logger, message.Key);
            if (_sentUnrecorded.Count < MaxSentUnrecorded)
            {
                _sentUnrecorded[message.Key] = 0;
            }
            return;
        }
        LogSent(_logger, message.Key, envelope.Mode, message.Attempts);
        _metrics.OutboxSent(envelope.Mode);
    }

    private async Task<DeliveredMessage> SendAsync(OutboxMessage message, DeliveryEnvelope envelope, CancellationToken cancellationToken)
    {
        var target = await CurrentAddressAsync(message.Target, cancellationToken);
        var activity = envelope.Activity;
        switch (envelope.Mode)
        {
            case DeliveryMode.NewThread:
                var channelId = target.TeamsChannelId ?? target.ConversationId;
                var created = await _connector.CreateConversationAsync(target.ServiceUrl,
                    ConversationParameters.ForChannelThread(channelId, target.TenantId!, activity), cancellationToken);
                var threadId = created.Id ?? throw new ConnectorException("The connector created a thread without an id.", ConnectorFailureKind.ServerError);
                return new DeliveredMessage(message.Key, threadId, created.ActivityId ?? RootIdOf(threadId));
            case DeliveryMode.Send:
                var sent = await _connector.SendToConversationAsync(target.ServiceUrl, target.ConversationId, activity, cancellationToken);
                return new DeliveredMessage(message.Key, target.ConversationId, sent.Id);
            case DeliveryMode.Reply:
                var reply = await _connector.ReplyToActivityAsync(target.ServiceUrl, target.ConversationId, RequireActivityId(envelope), activity, cancellationToken);
                return new DeliveredMessage(message.Key, target.ConversationId, reply.Id);
            case DeliveryMode.Update:
                var activityId = RequireActivityId(envelope);
                await _connector.UpdateActivityAsync(target.ServiceUrl, target.ConversationId, activityId, activity, cancellationToken);
                return new DeliveredMessage(message.Key, target.ConversationId, activityId);
            default:
                throw new InvalidOperationException($"Delivery mode {envelope.Mode} cannot be sent.");
        }
    }

    /// <summary>
    /// A channel's service URL as known now: a post queued before the bot heard from its channel (with the default
    /// address) reaches it once the channel's or the team's reference is stored.
    /// </summary>
    private async Task<ConversationReference> CurrentAddressAsync(ConversationReference target, CancellationToken cancellationToken)
    {
        if (target is not { ConversationType: "channel", TenantId: { } tenant, TeamsChannelId: { } channel })
        {
            return target;
        }
        var known = await _channels.FindAsync(tenant, channel, target.TeamId, cancellationToken);
        return known is null || string.Equals(known.ServiceUrl, target.ServiceUrl, StringComparison.OrdinalIgnoreCase)
            ? target
            : target with { ServiceUrl = known.ServiceUrl };
    }

    private async Task OnConnectorFailureAsync(OutboxClaim claim, DeliveryEnvelope envelope, ConnectorException ex, CancellationToken cancellationToken)
    {
        var key = claim.Message.Key;
        var status = (int?)ex.StatusCode;
        // 401 and an untrusted service URL are configuration faults an administrator fixes: keep retrying.
        if (ex.IsPermanent && ex.Kind is not (ConnectorFailureKind.Unauthorized or ConnectorFailureKind.UntrustedServiceUrl))
        {
            if (ex.IsBotRemoved && claim.Message.Target is { ConversationType: "channel", TeamsChannelId: { } channel })
            {
                // Expected while a sector's channel does not exist or the bot is not in its team (the local demo
                // has two of six): one warning and one administrator alert per channel, no error for each post.
                await OnUnreachableChannelAsync(claim, envelope, ex, channel, cancellationToken);
                return;
            }
            LogPermanent(_logger, key, envelope.Mode, ex.Kind, status, ex.ErrorCode, ex.CorrelationId);
            await FailAsync(claim, envelope, ex.Kind.ToString(), ex.Message, cancellationToken);
            return;
        }
        // The connector's exception says all (status, code, host); its stack trace would only repeat on every retry.
        LogTransient(_logger, null, key, envelope.Mode, status, ex.ErrorCode, ex.MayHaveBeenDelivered, ex.Message);
        _metrics.OutboxRetried(ex, envelope.Mode);
        var delay = Backoff(claim.Message.Attempts);
        if (ex.Kind == ConnectorFailureKind.Throttled && delay < _options.ThrottledMinDelay)
        {
            delay = _options.ThrottledMinDelay;
        }
        if (ex.RetryAfter is { } told)
        {
            // Never sooner than the connector said, for this message and the rest of its conversation.
            delay = delay > told ? delay : told;
            _pacer.Hold(claim.Message.Target.ConversationId, _time.GetUtcNow() + told);
        }
        var error = ex.MayHaveBeenDelivered ? "May have been delivered: " + ex.Message : ex.Message;
        await RescheduleAsync(claim, delay, error, cancellationToken);
    }

    private async Task OnUnreachableChannelAsync(OutboxClaim claim, DeliveryEnvelope envelope, ConnectorException ex, string channel,
        CancellationToken cancellationToken)
    {
        if (_unreachableChannels.TryAdd(channel, true))
        {
            LogChannelUnreachable(_logger, channel, ex.Kind, (int?)ex.StatusCode, ex.ErrorCode, claim.Message.Key);
        }
        if (envelope.FailureAlert is null)
        {
            // A message with its own failure alert says what was lost; the others get the channel's alert
            // (one outbox key per channel: once, whatever the instance or the restart).
            await _alerts.ReportUnreachableChannelAsync(channel, cancellationToken);
        }
        await FailAsync(claim, envelope, ex.Kind.ToString(), ex.Message, cancellationToken, LogLevel.Information);
    }

    /// <summary>Runs the purpose a few times within the claim; false when it kept failing.</summary>
    private async Task<bool> RunPurposeAsync(IOutboxPurposeHandler purpose, DeliveredMessage delivered, JsonElement data, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await purpose.OnSentAsync(delivered, data, cancellationToken);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPurposeFailed(_logger, ex, delivered.IdempotencyKey, purpose.Name, attempt);
                if (attempt == PurposeAttempts)
                {
                    return false;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), _time, cancellationToken);
            }
        }
    }

    /// <summary>Alerts are enqueued before the failure is recorded: if that fails, the next attempt reports again (same alert keys).</summary>
    private async Task FailAsync(OutboxClaim claim, DeliveryEnvelope? envelope, string failure, string reason, CancellationToken cancellationToken,
        LogLevel level = LogLevel.Error)
    {
        if (envelope?.FailureAlert is { } alert)
        {
            await _alerts.ReportAsync(claim.Message.Key, alert, cancellationToken);
        }
        if (await _outbox.FailAsync(claim, reason, cancellationToken))
        {
            LogFailed(_logger, level, claim.Message.Key, envelope?.Mode, claim.Message.Attempts, envelope?.FailureAlert is not null);
            _metrics.OutboxFailed(failure);
        }
        else
        {
            LogClaimLost(_logger, claim.Message.Key);
        }
    }

    private async Task RescheduleAsync(OutboxClaim claim, TimeSpan delay, string error, CancellationToken cancellationToken)
    {
        var next = _time.GetUtcNow() + Positive(delay);
        if (!await _outbox.RescheduleAsync(claim, next, error, cancellationToken))
        {
            LogClaimLost(_logger, claim.Message.Key);
        }
    }

    private TimeSpan Backoff(int attempts) => Backoff(attempts, _options.RetryBaseDelay, _options.RetryMaxDelay);

    /// <summary>base × 2^(attempts-1), at most <paramref name="max"/>, then ±20 % jitter so that instances do not retry in step.</summary>
    internal static TimeSpan Backoff(int attempts, TimeSpan baseDelay, TimeSpan max)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var delay = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.FromMilliseconds(1);

    private static string RequireActivityId(DeliveryEnvelope envelope) =>
        envelope.ActivityId ?? throw new InvalidOperationException($"A {envelope.Mode} message needs the target activity id.");

    /// <summary>The root id from <c>&lt;channel&gt;;messageid=&lt;root&gt;</c>, when the connector did not give activityId.</summary>
    internal static string? RootIdOf(string threadConversationId)
    {
        const string Marker = ";messageid=";
        var index = threadConversationId.IndexOf(Marker, StringComparison.Ordinal);
        return index < 0 ? null : threadConversationId[(index + Marker.Length)..];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {OutboxKey} sent ({DeliveryMode}, attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, string outboxKey, DeliveryMode deliveryMode, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxKey} ({DeliveryMode}) failed transiently: status {StatusCode} {ErrorCode}, may have been delivered {MayHaveBeenDelivered}; rescheduled ({Reason})")]
    private static partial void LogTransient(ILogger logger, Exception? exception, string outboxKey, DeliveryMode deliveryMode, int? statusCode, string? errorCode, bool mayHaveBeenDelivered, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {OutboxKey} ({DeliveryMode}) refused for good: {FailureKind} status {StatusCode} {ErrorCode} (correlation {CorrelationId})")]
    private static partial void LogPermanent(ILogger logger, string outboxKey, DeliveryMode deliveryMode, ConnectorFailureKind failureKind, int? statusCode, string? errorCode, string? correlationId);

    [LoggerMessage(Message = "Outbox message {OutboxKey} ({DeliveryMode}) recorded failed-permanent after {Attempt} attempt(s); administrators alerted: {Alerted}")]
    private static partial void LogFailed(ILogger logger, LogLevel level, string outboxKey, DeliveryMode? deliveryMode, int attempt, bool alerted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {TeamsChannelId} cannot be reached ({FailureKind}, status {StatusCode} {ErrorCode}): it does not exist or the bot is not in its team. Message {OutboxKey} and later ones to it are dropped; administrators alerted once")]
    private static partial void LogChannelUnreachable(ILogger logger, string teamsChannelId, ConnectorFailureKind failureKind, int? statusCode, string? errorCode, string outboxKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxKey} ({DeliveryMode}) did not finish within its claim; rescheduled")]
    private static partial void LogOverBudget(ILogger logger, string outboxKey, DeliveryMode deliveryMode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {OutboxKey}: purpose {Purpose} shows an earlier attempt went through; marked sent without sending again")]
    private static partial void LogAlreadyDone(ILogger logger, string outboxKey, string purpose);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxKey}: purpose {Purpose} failed (attempt {Attempt})")]
    private static partial void LogPurposeFailed(ILogger logger, Exception exception, string outboxKey, string purpose, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxKey}: the claim expired before the outcome was recorded; another instance may send it again")]
    private static partial void LogClaimLost(ILogger logger, string outboxKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {OutboxKey}: claimed again after this instance sent it; recorded as sent, not posted twice")]
    private static partial void LogSentEarlier(ILogger logger, string outboxKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxKey}: outcome not recorded; it is retried when its claim expires")]
    private static partial void LogOutcomeNotRecorded(ILogger logger, Exception exception, string outboxKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox pass failed ({ConsecutiveFailures} in a row, storage unavailable?); next pass in {Pause}")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, int consecutiveFailures, TimeSpan pause);
}
