using Azure;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Storage;

/// <summary>
/// Which failures of a storage call are transient: the caller keeps what the user typed and asks them to retry,
/// instead of failing. Features ask here rather than naming the storage SDK's exceptions.
/// </summary>
public static class StorageErrors
{
    /// <summary>
    /// A failure of the table service or of the way to it (an error status, the network, a timeout), or an
    /// optimistic race lost on every attempt (<see cref="ConcurrencyConflictException"/>).
    /// </summary>
    public static bool IsTransient(Exception exception) =>
        exception is RequestFailedException or HttpRequestException or ConcurrencyConflictException or TimeoutException or TaskCanceledException;

    /// <summary>
    /// As <see cref="IsTransient"/>, and also the <see cref="AggregateException"/> of the attempts the storage SDK
    /// throws once its own retries are spent, when every attempt failed transiently.
    /// </summary>
    public static bool IsTransientAfterRetries(Exception exception) =>
        IsTransient(exception)
        || (exception is AggregateException aggregate && aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransientAfterRetries));
}
