namespace SecuriteQuotidien.Bot.Hosting;

/// <summary>The loop every background worker runs: a pass, then a wait on the <see cref="TimeProvider"/>, until stopped.</summary>
public static class PeriodicLoop
{
    /// <summary>
    /// Runs <paramref name="pass"/> now and then <paramref name="interval"/> after the end of each pass. A failed pass
    /// is handed to <paramref name="onFailure"/> and retried at the next interval (passes are idempotent); the loop
    /// ends quietly when <paramref name="stoppingToken"/> is cancelled.
    /// </summary>
    public static async Task RunAsync(Func<CancellationToken, Task> pass, TimeSpan interval, TimeProvider time,
        Action<Exception> onFailure, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                onFailure(ex);
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
}
