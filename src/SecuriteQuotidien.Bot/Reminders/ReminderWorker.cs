using Microsoft.Extensions.Options;
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
    ILogger<ReminderWorker> logger) : BackgroundService
{
    public const string LeaseName = "reminder-sweep";

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private Lease? _lease;

    /// <summary>This instance's lease owner id.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    /// <summary>Sweeps this instance ran (for tests and metrics).</summary>
    public int SweepCount { get; private set; }

    /// <summary>
    /// Takes (or keeps) the lease and runs one sweep at the current instant of the <see cref="TimeProvider"/>;
    /// returns <see cref="ReminderSweepResult.NotLeader"/> when another instance holds the lease.
    /// </summary>
    public async Task<ReminderSweepResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var duration = options.Value.LeaseDuration;
            _lease = await leases.TryAcquireAsync(LeaseName, InstanceId, duration, cancellationToken);
            if (_lease is null)
            {
                return ReminderSweepResult.NotLeader;
            }
            SweepCount++;
            var result = await sweep.RunAsync(time.GetUtcNow(), KeepLeaseAsync, cancellationToken);
            if (result.Enqueued.Count > 0 || result.Failed > 0)
            {
                LogSwept(logger, result.EntriesDue, result.Enqueued.Count, result.Dropped, result.WaitingForThread, result.Failed);
            }
            return result;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Renews the lease once a third of it has elapsed; false when it was lost.</summary>
    private async Task<bool> KeepLeaseAsync(CancellationToken cancellationToken)
    {
        if (_lease is null)
        {
            return false;
        }
        var duration = options.Value.LeaseDuration;
        if (_lease.ExpiresAt - time.GetUtcNow() > duration * 2 / 3)
        {
            return true;
        }
        _lease = await leases.TryRenewAsync(_lease, duration, cancellationToken);
        return _lease is not null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
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
                LogSweepFailed(logger, ex, ex.GetType().Name);
            }
            try
            {
                await Task.Delay(options.Value.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_lease is { } lease)
        {
            try
            {
                await leases.ReleaseAsync(lease, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The lease expires by itself; another instance takes over a little later.
                LogReleaseFailed(logger, ex.GetType().Name);
            }
            _lease = null;
        }
    }

    public override void Dispose()
    {
        _oneAtATime.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder sweep: {EntriesDue} entries due, {Enqueued} reminders enqueued, {Dropped} dropped, {Waiting} waiting for a thread, {Failed} failed")]
    private static partial void LogSwept(ILogger logger, int entriesDue, int enqueued, int dropped, int waiting, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder sweep failed ({ErrorType}); retried at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder sweep lease not released ({ErrorType}); it will expire")]
    private static partial void LogReleaseFailed(ILogger logger, string errorType);
}
