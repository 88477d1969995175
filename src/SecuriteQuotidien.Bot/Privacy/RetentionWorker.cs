using Microsoft.Extensions.Options;
using SecuriteQuotidien.Storage.Coordination;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>
/// Runs <see cref="RetentionRun"/> every <see cref="RetentionWorkerOptions.WorkerInterval"/>. Among several instances,
/// the holder of the "retention" lease runs; a run is bounded and idempotent, so a run cut short is finished by
/// the next one. A failed run is logged and retried at the next interval.
/// </summary>
public sealed partial class RetentionWorker(
    RetentionRun run,
    ILeaseStore leases,
    TimeProvider time,
    IOptions<RetentionWorkerOptions> options,
    ILogger<RetentionWorker> logger) : BackgroundService
{
    public const string LeaseName = "retention";

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>This instance's lease owner id.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    /// <summary>Takes the lease and runs once at the current instant; <see cref="RetentionRunResult.NotLeader"/> when another instance holds it.</summary>
    public async Task<RetentionRunResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            if (await leases.TryAcquireAsync(LeaseName, InstanceId, options.Value.LeaseDuration, cancellationToken) is null)
            {
                return RetentionRunResult.NotLeader;
            }
            var result = await run.RunAsync(time.GetUtcNow(), cancellationToken);
            if (result.AnonymisationSkipped)
            {
                LogNoKey(logger);
            }
            LogRan(logger, result.IssuesAnonymised, result.ProcessedActivitiesPurged, result.OutboxMessagesPurged, result.StaleIndexEntries);
            return result;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex, ex.GetType().Name);
            }
            try
            {
                await Task.Delay(options.Value.WorkerInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override void Dispose()
    {
        _oneAtATime.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention run: {IssuesAnonymised} issues anonymised, {ProcessedActivitiesPurged} processed-activity ids and {OutboxMessagesPurged} outbox messages purged, {StaleEntries} stale index entries dropped")]
    private static partial void LogRan(ILogger logger, int issuesAnonymised, int processedActivitiesPurged, int outboxMessagesPurged, int staleEntries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention:PseudonymKey is not configured: closed issues are not anonymised (purges still run)")]
    private static partial void LogNoKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention run failed ({ErrorType}); retried at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception, string errorType);
}
