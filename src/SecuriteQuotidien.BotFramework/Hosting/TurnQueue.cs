using Microsoft.Extensions.DependencyInjection;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.BotFramework.State;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>
/// Accepted non-invoke activities wait here for background processing, so that the HTTP request is
/// acknowledged at once. Activities of one conversation share a lane and keep their order.
/// </summary>
public sealed partial class TurnQueue : BackgroundService
{
    private readonly Channel<Activity>[] _lanes;
    private readonly IServiceProvider _services;
    private readonly ReplySender _sender;
    private readonly IProcessedActivityStore _processed;
    private readonly ILogger<TurnQueue> _logger;

    public TurnQueue(IOptions<BotEndpointOptions> options, IServiceProvider services, ReplySender sender, IProcessedActivityStore processed, ILogger<TurnQueue> logger)
    {
        var value = options.Value;
        var perLane = Math.Max(1, value.QueueCapacity / Math.Max(1, value.Lanes));
        _lanes = Enumerable.Range(0, Math.Max(1, value.Lanes))
            .Select(_ => Channel.CreateBounded<Activity>(new BoundedChannelOptions(perLane)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            }))
            .ToArray();
        _services = services;
        _sender = sender;
        _processed = processed;
        _logger = logger;
    }

    /// <summary>False when the lane is full: the caller answers 503 so the channel retries later.</summary>
    public bool TryEnqueue(Activity activity)
    {
        var key = activity.Conversation?.Id ?? "";
        var lane = _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_lanes.Length)];
        return lane.Writer.TryWrite(activity);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => RunLaneAsync(lane.Reader, stoppingToken)));

    private async Task RunLaneAsync(ChannelReader<Activity> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var activity in reader.ReadAllAsync(stoppingToken))
            {
                await ProcessAsync(activity, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task ProcessAsync(Activity activity, CancellationToken stoppingToken)
    {
        // Durable de-duplication in the lane keeps the table write off the request path; a
        // redelivery (same conversation and activity id) reaching any instance is skipped here.
        if (!await IsFirstDeliveryAsync(activity, stoppingToken))
        {
            LogDuplicate(_logger, activity.Type);
            return;
        }
        using var scope = _services.CreateScope();
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
            // One bad turn must not stop the lane.
            LogTurnFailed(_logger, ex, activity.Type);
        }
    }

    private async Task<bool> IsFirstDeliveryAsync(Activity activity, CancellationToken stoppingToken)
    {
        try
        {
            return await _processed.IsFirstDeliveryAsync(activity, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage unreachable: answering twice is better than never answering.
            LogDeduplicationUnavailable(_logger, ex.GetType().Name);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Duplicate {ActivityType} activity skipped")]
    private static partial void LogDuplicate(ILogger logger, string? activityType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "De-duplication store unavailable ({ErrorType}); processing the activity anyway")]
    private static partial void LogDeduplicationUnavailable(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing of a {ActivityType} activity failed")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string? activityType);
}
