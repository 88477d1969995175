using Microsoft.Extensions.DependencyInjection.Extensions;
using SecuriteQuotidien.Storage.Coordination;

namespace SecuriteQuotidien.Bot.Hosting;

/// <summary>How often a <see cref="LeasedPeriodicWorker{TResult}"/> runs and how long its lease lasts.</summary>
/// <param name="Enabled">False: the hosted loop does not run (a pass can still be run by hand).</param>
/// <param name="Interval">The wait between the end of a pass and the next one.</param>
/// <param name="LeaseDuration">How long the lease lasts when not renewed or released.</param>
public sealed record LeasedWorkerSchedule(bool Enabled, TimeSpan Interval, TimeSpan LeaseDuration);

/// <summary>What a worker does with its lease once a pass is over.</summary>
public enum LeaseRetention
{
    /// <summary>Released after each pass: any instance may run the next one.</summary>
    ReleaseAfterPass,

    /// <summary>Kept between passes (re-acquired, i.e. extended, at each one) and released when the host stops.</summary>
    KeepUntilStop,
}

/// <summary>
/// A background loop that, every <see cref="LeasedWorkerSchedule.Interval"/> of the <see cref="TimeProvider"/>, takes a
/// named lease so that only one instance among several works, and runs one pass. A failed pass is logged and
/// retried at the next tick: passes are expected to be idempotent. Passes never overlap within an instance, so
/// <see cref="RunOnceAsync"/> can also be called by hand (tests, the development clock) while the loop runs.
/// </summary>
/// <typeparam name="TResult">What a pass reports; <see cref="Skipped"/> when this instance did not run one.</typeparam>
public abstract partial class LeasedPeriodicWorker<TResult>(
    string leaseName,
    string workName,
    ILeaseStore leases,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private Lease? _lease;

    /// <summary>The clock of the passes (the development clock in Development).</summary>
    protected TimeProvider Time => time;

    /// <summary>This instance's lease owner id.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    /// <summary>Passes this instance ran (for tests and metrics).</summary>
    public int PassCount { get; private set; }

    protected abstract LeasedWorkerSchedule Schedule { get; }

    protected virtual LeaseRetention LeaseRetention => LeaseRetention.ReleaseAfterPass;

    /// <summary>The result when no pass ran: nothing due, or another instance holds the lease.</summary>
    protected abstract TResult Skipped { get; }

    /// <summary>Checked before the lease is taken: false skips the pass without touching storage.</summary>
    protected virtual bool IsDue(DateTimeOffset now) => true;

    /// <summary>One pass, under the lease, at <paramref name="now"/> (the instant <see cref="IsDue"/> was asked about).</summary>
    protected abstract Task<TResult> RunPassAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes (or keeps) the lease and runs one pass at the current instant of the <see cref="TimeProvider"/>;
    /// returns <see cref="Skipped"/> when the work is not due or another instance holds the lease.
    /// </summary>
    public async Task<TResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (!IsDue(now))
            {
                return Skipped;
            }
            _lease = await leases.TryAcquireAsync(leaseName, InstanceId, Schedule.LeaseDuration, cancellationToken);
            if (_lease is null)
            {
                return Skipped;
            }
            PassCount++;
            try
            {
                return await RunPassAsync(now, cancellationToken);
            }
            finally
            {
                if (LeaseRetention == LeaseRetention.ReleaseAfterPass && _lease is { } held)
                {
                    _lease = null;
                    await leases.ReleaseAsync(held, CancellationToken.None);
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// For long passes: renews the lease once a third of it has elapsed; false when it was lost (another instance
    /// may now be working, so the pass should stop).
    /// </summary>
    protected async Task<bool> KeepLeaseAsync(CancellationToken cancellationToken)
    {
        if (_lease is null)
        {
            return false;
        }
        var duration = Schedule.LeaseDuration;
        if (_lease.ExpiresAt - time.GetUtcNow() > duration * 2 / 3)
        {
            return true;
        }
        _lease = await leases.TryRenewAsync(_lease, duration, cancellationToken);
        return _lease is not null;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Schedule.Enabled
            ? PeriodicLoop.RunAsync(RunOnceAsync, Schedule.Interval, time, ex => LogPassFailed(logger, ex, workName, ex.GetType().Name), stoppingToken)
            : Task.CompletedTask;

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
                LogReleaseFailed(logger, workName, ex.GetType().Name);
            }
            _lease = null;
        }
    }

    public override void Dispose()
    {
        _oneAtATime.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Work} failed ({ErrorType}); retried at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string work, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Work} lease not released ({ErrorType}); it will expire")]
    private static partial void LogReleaseFailed(ILogger logger, string work, string errorType);
}

public static class LeasedWorkerServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="TWorker"/> once, resolvable as itself (to run a pass by hand) and as a hosted service.</summary>
    public static IServiceCollection AddLeasedWorker<TWorker>(this IServiceCollection services)
        where TWorker : BackgroundService
    {
        services.TryAddSingleton<TWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<TWorker>());
        return services;
    }
}
