using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Hosting;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// Fills the status cache as the process starts, then renews it at four fifths of
/// <see cref="StatusOptions.CacheDuration"/>, before the entries expire: the first « point » after a start (or
/// after a quiet hour) is answered from memory instead of reading every sector. It only reads, so every
/// instance runs it without a lease. Off with <c>Status:WarmCache</c> = false or a zero cache duration.
/// </summary>
public sealed partial class StatusCacheWarmer(
    StatusIssueSource source,
    TimeProvider time,
    IOptions<StatusOptions> options,
    ILogger<StatusCacheWarmer> logger) : BackgroundService
{
    private long _passes;

    /// <summary>Passes completed since start; for tests and diagnostics.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.WarmCache || settings.CacheDuration <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }
        // A failed pass loses nothing but speed: a request in the meantime loads what it needs itself.
        return PeriodicLoop.RunAsync(WarmOnceAsync, settings.CacheDuration * 0.8, time,
            ex => LogWarmFailed(logger, ex, ex.GetType().Name), stoppingToken);
    }

    private async Task WarmOnceAsync(CancellationToken cancellationToken)
    {
        await source.WarmAsync(time.GetUtcNow(), cancellationToken);
        Interlocked.Increment(ref _passes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status cache warm-up failed ({ErrorType}); retried at the next interval")]
    private static partial void LogWarmFailed(ILogger logger, Exception exception, string errorType);
}
