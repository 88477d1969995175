using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Hosting;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Storage.Coordination;
using SecuriteQuotidien.Storage.Status;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// The background side of the status totals (<see cref="StatusTallyProjector"/>): at start, builds the totals of the
/// sectors that have none (a first start over existing issues); then every <see cref="StatusOptions.TotalsRecoveryInterval"/>
/// applies the changes left unapplied by a stopped instance (their markers older than
/// <see cref="StatusOptions.TotalsRecoveryGrace"/>), and every <see cref="StatusOptions.TotalsReconcileInterval"/> one
/// instance (the holder of the "status-reconcile" lease, kept for the interval) compares every issue with the totals and
/// repairs what differs. Every step is idempotent: instances need no lease for the first two.
/// </summary>
public sealed partial class StatusTotalsWorker(
    StatusTallyProjector projector,
    IDirectory directory,
    ILeaseStore leases,
    TimeProvider time,
    IOptions<StatusOptions> options,
    ILogger<StatusTotalsWorker> logger) : BackgroundService
{
    public const string ReconcileLease = "status-reconcile";

    private readonly string _owner = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    private DateTimeOffset? _lastReconciled;

    /// <summary>Passes completed since start (for tests and diagnostics).</summary>
    public long Passes => Interlocked.Read(ref _passes);
    private long _passes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.TotalsWorkerEnabled)
        {
            return;
        }
        await Task.Yield();
        await PeriodicLoop.RunAsync(RunOnceAsync, settings.TotalsRecoveryInterval, time,
            ex => LogPassFailed(logger, ex, ex.GetType().Name), stoppingToken);
    }

    /// <summary>One pass: build missing totals, recover lost changes, reconcile when this instance holds the daily lease.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var sector in directory.Sectors)
        {
            await projector.EnsureInitialisedAsync(sector.Id, cancellationToken);
        }
        var now = time.GetUtcNow();
        await projector.RecoverAsync(now - settings.TotalsRecoveryGrace, cancellationToken);
        // The lease lasts the interval and is not released: whoever took it last reconciled less than an interval ago.
        if ((_lastReconciled is not { } last || now - last >= settings.TotalsReconcileInterval)
            && await leases.TryAcquireAsync(ReconcileLease, _owner, settings.TotalsReconcileInterval, cancellationToken) is not null)
        {
            foreach (var sector in directory.Sectors)
            {
                await projector.ReconcileAsync(sector.Id, cancellationToken);
            }
            _lastReconciled = now;
        }
        Interlocked.Increment(ref _passes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status totals pass failed ({ErrorType}); retried at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string errorType);
}
