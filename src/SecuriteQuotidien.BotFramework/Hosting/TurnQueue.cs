using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>
/// Accepted non-invoke activities wait here for background processing, so that the HTTP request is acknowledged
/// as soon as the activity is durable. Conversations are served fairly (<see cref="ConversationScheduler{T}"/>):
/// one turn of a conversation at a time, keeping its order, round-robin between conversations, each bounded.
/// </summary>
/// <remarks>
/// Durability: the endpoint reserves a place here, writes the activity with its de-duplication mark
/// (<see cref="IProcessedActivityStore.TryAcceptAsync"/>), answers 202, then queues it. A processed activity is
/// marked done lazily (batched every <see cref="BotEndpointOptions.DoneFlushInterval"/>). An activity that is not
/// done when its <see cref="BotEndpointOptions.RecoveryGrace"/> is over — its instance stopped, or the turn threw —
/// is claimed and processed again by whichever instance looks first (at start, then every
/// <see cref="BotEndpointOptions.RecoveryInterval"/>); handlers are idempotent, so the rare double is harmless.
/// </remarks>
public sealed partial class TurnQueue : BackgroundService
{
    private readonly ConversationScheduler<QueuedTurn> _scheduler;
    private readonly ConcurrentDictionary<(string Conversation, string Activity), byte> _held = new();

    /// <summary>
    /// Activities processed here in the last <see cref="FinishedKept"/>: a recovery pass that read one as pending just
    /// before its turn ended (a slow turn, past its grace) and then claimed it must not run it a second time.
    /// </summary>
    private readonly ConcurrentDictionary<(string Conversation, string Activity), DateTimeOffset> _finished = new();
    private static readonly TimeSpan FinishedKept = TimeSpan.FromSeconds(10);
    private readonly IServiceProvider _services;
    private readonly ReplySender _sender;
    private readonly IProcessedActivityStore _store;
    private readonly BotEndpointOptions _options;
    private readonly TimeProvider _time;
    private readonly HostingMetrics _metrics;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILogger<TurnQueue> _logger;

    public TurnQueue(IOptions<BotEndpointOptions> options, IServiceProvider services, ReplySender sender, IProcessedActivityStore store,
        TimeProvider time, HostingMetrics metrics, ILogger<TurnQueue> logger, IHostApplicationLifetime? lifetime = null)
    {
        _lifetime = lifetime;
        _options = options.Value;
        _scheduler = new ConversationScheduler<QueuedTurn>(_options.QueueCapacity, _options.PerConversationCapacity);
        _services = services;
        _sender = sender;
        _store = store;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Turns reserved, queued or running.</summary>
    public int Count => _scheduler.Count;

    /// <summary>
    /// Reserves a place for an activity of <paramref name="conversationId"/>. False when that conversation's share
    /// or the whole queue is full: the caller answers 503 without having written anything.
    /// </summary>
    public bool TryReserve(string conversationId) => _scheduler.TryReserve(conversationId);

    /// <summary>Gives back a reserved place (a duplicate, or the activity could not be made durable).</summary>
    public void CancelReservation(string conversationId) => _scheduler.Cancel(conversationId);

    /// <summary>
    /// Queues an activity in its reserved place. <paramref name="durableId"/> is the activity id under which it was
    /// accepted in the store (marked done after its turn); null for an activity that is not kept.
    /// </summary>
    public void Enqueue(Activity activity, string? durableId)
    {
        var conversation = activity.Conversation!.Id!;
        if (durableId is not null)
        {
            _held[(conversation, durableId)] = 0;
        }
        _scheduler.Add(conversation, new QueuedTurn(activity, durableId));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Lanes)).Select(_ => RunWorkerAsync(stoppingToken))
            .Append(RunRecoveryAsync(stoppingToken))
            .Append(RunDoneFlushAsync(stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The marks of the turns finished so far: without them those activities would be processed again.
        try
        {
            await _store.FlushDoneAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDoneFlushFailed(_logger, ex.GetType().Name);
        }
    }

    private async Task RunWorkerAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var turn = await _scheduler.TakeAsync(stoppingToken);
                try
                {
                    await ProcessAsync(turn.Item, stoppingToken);
                }
                finally
                {
                    _scheduler.Finish(turn);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued stays pending in the store and is taken over after its grace.
        }
    }

    private async Task ProcessAsync(QueuedTurn turn, CancellationToken stoppingToken)
    {
        var activity = turn.Activity;
        var done = true;
        using (var scope = _services.CreateScope())
        {
            var handler = scope.ServiceProvider.GetRequiredService<IBotHandler>();
            try
            {
                await handler.OnActivityAsync(new TurnContext(activity, _sender), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // One bad turn must not stop the worker. A kept activity stays pending: it is tried again after its
                // grace, up to MaxRecoveryAttempts times (a storage outage during the turn heals this way).
                LogTurnFailed(_logger, ex, activity.Type);
                done = false;
            }
        }
        if (turn.DurableId is { } id)
        {
            var key = (activity.Conversation!.Id!, id);
            if (done)
            {
                // Before it stops being held: a recovery pass claiming it meanwhile must find it one way or the other.
                _store.MarkDone(key.Item1, id);
                _finished[key] = _time.GetUtcNow();
            }
            _held.TryRemove(key, out _);
        }
    }

    private async Task RunRecoveryAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The first look waits for the application to have started: the store's tables are created by a hosted
            // service that may start after this one.
            if (_lifetime is not null)
            {
                var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                {
                    await started.Task.WaitAsync(stoppingToken);
                }
            }
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RecoverOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogRecoveryFailed(_logger, ex.GetType().Name);
                }
                await Task.Delay(_options.RecoveryInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Claims the accepted activities whose grace is over and queues them again. Returns how many were queued.</summary>
    internal async Task<int> RecoverOnceAsync(CancellationToken cancellationToken)
    {
        // Claim no more than there is room for: a claimed activity that finds no place waits for its claim to expire.
        var room = Math.Min(_scheduler.FreePlaces, 100);
        if (room <= 0)
        {
            return 0;
        }
        var queued = 0;
        var forgetBefore = _time.GetUtcNow() - FinishedKept;
        foreach (var old in _finished.Where(f => f.Value < forgetBefore).Select(f => f.Key).ToList())
        {
            _finished.TryRemove(old, out _);
        }
        foreach (var pending in await _store.ClaimPendingAsync(_options.RecoveryGrace, room, cancellationToken))
        {
            var key = (pending.ConversationId, pending.ActivityId);
            if (_held.ContainsKey(key))
            {
                // Still queued or running here (a long backlog): its turn marks it done.
                continue;
            }
            if (_finished.ContainsKey(key))
            {
                // Its turn ended here while the pass was claiming it: done again over the claim, not run twice.
                _store.MarkDone(pending.ConversationId, pending.ActivityId);
                continue;
            }
            if (pending.Attempts > _options.MaxRecoveryAttempts || pending.Body is null || InboundActivity.Parse(pending.Body) is not { } activity)
            {
                LogAbandoned(_logger, pending.Attempts, pending.Body is null);
                _metrics.InboundAbandoned();
                _store.MarkDone(pending.ConversationId, pending.ActivityId);
                continue;
            }
            if (!string.Equals(activity.Conversation!.Id, pending.ConversationId, StringComparison.Ordinal)
                || !_scheduler.TryReserve(pending.ConversationId))
            {
                // A full conversation: its claim expires and it is tried again later.
                continue;
            }
            Enqueue(activity, pending.ActivityId);
            queued++;
        }
        if (queued > 0)
        {
            LogRecovered(_logger, queued);
            _metrics.InboundRecovered(queued);
        }
        return queued;
    }

    private async Task RunDoneFlushAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(_options.DoneFlushInterval, _time, stoppingToken);
                try
                {
                    await _store.FlushDoneAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogDoneFlushFailed(_logger, ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private sealed record QueuedTurn(Activity Activity, string? DurableId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing of a {ActivityType} activity failed")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string? activityType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} accepted activities not processed in time were taken over")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "An accepted activity was given up after {Attempts} takeovers (body unreadable: {Unreadable})")]
    private static partial void LogAbandoned(ILogger logger, int attempts, bool unreadable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for accepted activities to take over failed ({ErrorType}); next try at the next interval")]
    private static partial void LogRecoveryFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing done marks failed ({ErrorType}); they are kept for the next flush")]
    private static partial void LogDoneFlushFailed(ILogger logger, string errorType);
}

/// <summary>Reads a request body as an activity.</summary>
internal static class InboundActivity
{
    /// <summary>The activity, or null when the body is not one (every channel activity names its conversation and service URL).</summary>
    public static Activity? Parse(byte[] body)
    {
        try
        {
            var activity = JsonSerializer.Deserialize(body, BotJsonContext.Default.Activity);
            return activity is null
                || string.IsNullOrWhiteSpace(activity.Type)
                || string.IsNullOrWhiteSpace(activity.Conversation?.Id)
                || string.IsNullOrWhiteSpace(activity.ServiceUrl)
                ? null
                : activity;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
