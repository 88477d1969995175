namespace SecuriteQuotidien.BotFramework.Connector;

/// <summary>
/// Lets the caller of connector calls pace the retries the client makes on its own (429, 503...).
/// Within <see cref="Use"/>, before each retry the client asks the caller's gate how long to wait in
/// all (never less than the retry's own delay: Retry-After or backoff) and waits that long, so that
/// retries count against a rate limit (Teams: per conversation) like first attempts do.
/// The scope flows with the async call (an <see cref="AsyncLocal{T}"/>), so the client's API stays
/// unchanged and callers that set no gate keep the plain retry delays.
/// </summary>
public static class ConnectorRetryPacing
{
    private static readonly AsyncLocal<Func<TimeSpan, TimeSpan>?> Gate = new();

    /// <summary>
    /// Until disposed, each retry of a connector call in this async flow, due after a delay, waits
    /// <paramref name="delayForRetryDueIn"/>(that delay) instead: the gate reserves the retry's send
    /// slot (in its own clock) and returns how long from now it is.
    /// </summary>
    public static IDisposable Use(Func<TimeSpan, TimeSpan> delayForRetryDueIn)
    {
        ArgumentNullException.ThrowIfNull(delayForRetryDueIn);
        var previous = Gate.Value;
        Gate.Value = delayForRetryDueIn;
        return new Restore(previous);
    }

    /// <summary>
    /// Called before the retry strategy waits <paramref name="retryDelay"/>: waits the extra time the
    /// gate asks for, if any, so that the retry leaves at its reserved slot.
    /// </summary>
    internal static async ValueTask WaitForSlotAsync(TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        if (Gate.Value is not { } gate)
        {
            return;
        }
        var due = retryDelay > TimeSpan.Zero ? retryDelay : TimeSpan.Zero;
        var extra = gate(due) - due;
        if (extra > TimeSpan.Zero)
        {
            await Task.Delay(extra, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Restore(Func<TimeSpan, TimeSpan>? previous) : IDisposable
    {
        public void Dispose() => Gate.Value = previous;
    }
}
