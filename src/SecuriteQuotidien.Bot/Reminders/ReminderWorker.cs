using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Storage.Coordination;

namespace SecuriteQuotidien.Bot.Reminders;

/// <summary>
/// Sweeps the due-day index every <see cref="ReminderWorkerOptions.SweepInterval"/>. Among several
/// instances, the holder of the "reminder-sweep" lease sweeps; the lease lasts a few intervals, is
/// renewed while sweeping and released on stop, so a dead holder is replaced once it expires.
/// A failed sweep (storage outage) is logged and retried at the next interval: nothing is lost.
/// </summary>
public sealed partial class ReminderWorker(
    ReminderSweep sweep,
    ILeaseStore leases,
    TimeProvider time,
    IOptions<ReminderWorkerOptions> options,
    ILogger<ReminderWorker> logger)
    : LeasedPeriodicWorker<ReminderSweepResult>(LeaseName, "Reminder sweep", leases, time, logger)
{
    public const string LeaseName = "reminder-sweep";

    /// <summary>Sweeps this instance ran (for tests and metrics).</summary>
    public int SweepCount => PassCount;

    protected override LeasedWorkerSchedule Schedule =>
        new(options.Value.Enabled, options.Value.SweepInterval, options.Value.LeaseDuration);

    protected override LeaseRetention LeaseRetention => LeaseRetention.KeepUntilStop;

    protected override ReminderSweepResult Skipped => ReminderSweepResult.NotLeader;

    protected override async Task<ReminderSweepResult> RunPassAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await sweep.RunAsync(now, KeepLeaseAsync, cancellationToken);
        if (result.Enqueued.Count > 0 || result.Failed > 0)
        {
            LogSwept(logger, result.EntriesDue, result.Enqueued.Count, result.Dropped, result.WaitingForThread, result.Failed);
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder sweep: {EntriesDue} entries due, {Enqueued} reminders enqueued, {Dropped} dropped, {Waiting} waiting for a thread, {Failed} failed")]
    private static partial void LogSwept(ILogger logger, int entriesDue, int enqueued, int dropped, int waiting, int failed);
}
