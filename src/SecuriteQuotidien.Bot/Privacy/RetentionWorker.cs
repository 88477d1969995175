using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Storage.Coordination;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>
/// Runs <see cref="RetentionRun"/> every <see cref="RetentionWorkerOptions.WorkerInterval"/>. Among several instances,
/// the holder of the "retention" lease runs (it keeps the lease between runs and gives it up on stop); a run is
/// bounded and idempotent, so a run cut short is finished by the next one. A failed run is logged and retried at the
/// next interval.
/// </summary>
public sealed partial class RetentionWorker(
    RetentionRun run,
    ILeaseStore leases,
    TimeProvider time,
    IOptions<RetentionWorkerOptions> options,
    ILogger<RetentionWorker> logger)
    : LeasedPeriodicWorker<RetentionRunResult>(LeaseName, "Retention run", leases, time, logger)
{
    public const string LeaseName = "retention";

    protected override LeasedWorkerSchedule Schedule =>
        new(options.Value.WorkerEnabled, options.Value.WorkerInterval, options.Value.LeaseDuration);

    protected override LeaseRetention LeaseRetention => LeaseRetention.KeepUntilStop;

    protected override RetentionRunResult Skipped => RetentionRunResult.NotLeader;

    protected override async Task<RetentionRunResult> RunPassAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await run.RunAsync(now, cancellationToken);
        if (result.AnonymisationSkipped)
        {
            LogNoKey(logger);
        }
        LogRan(logger, result.IssuesAnonymised, result.ProcessedActivitiesPurged, result.OutboxMessagesPurged, result.StaleIndexEntries);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention run: {IssuesAnonymised} issues anonymised, {ProcessedActivitiesPurged} processed-activity ids and {OutboxMessagesPurged} outbox messages purged, {StaleEntries} stale index entries dropped")]
    private static partial void LogRan(ILogger logger, int issuesAnonymised, int processedActivitiesPurged, int outboxMessagesPurged, int staleEntries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention:PseudonymKey is not configured: closed issues are not anonymised (purges still run)")]
    private static partial void LogNoKey(ILogger logger);
}
