using Microsoft.Extensions.Options;

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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.WarmCache || settings.CacheDuration <= TimeSpan.Zero)
        {
            return;
        }
        var interval = settings.CacheDuration * 0.8;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await source.WarmAsync(time.GetUtcNow(), stoppingToken);
                Interlocked.Increment(ref _passes);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A request in the meantime loads what it needs itself: nothing is lost but speed.
                LogWarmFailed(logger, ex, ex.GetType().Name);
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status cache warm-up failed ({ErrorType}); retried at the next interval")]
    private static partial void LogWarmFailed(ILogger logger, Exception exception, string errorType);
}
