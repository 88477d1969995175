namespace SecuriteQuotidien.Bot.Delivery;

/// <summary>Wakes the dispatcher of this process as soon as a message is enqueued, instead of waiting for the next poll.</summary>
public sealed class OutboxSignal(TimeProvider time)
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up reads every due message.
        }
    }

    /// <summary>Returns when notified, after <paramref name="timeout"/>, or throws when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _semaphore.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval elapsed.
        }
    }
}
