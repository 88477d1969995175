using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Storage.Tables;

/// <summary>
/// Read, change, write with the ETag read, and start over when another writer got there first: the loop behind
/// the repositories' ApplyAsync. The write signals a lost race by throwing <see cref="ConcurrencyConflictException"/>.
/// </summary>
internal static class OptimisticUpdate
{
    /// <summary>
    /// Runs <paramref name="write"/> on the latest <paramref name="read"/> until it does not lose a race; null when
    /// the row is gone. <paramref name="onLostRace"/> hears of each lost race (its attempt number); after
    /// <paramref name="maxAttempts"/> lost races, throws <see cref="ConcurrencyConflictException"/> naming <paramref name="subject"/>.
    /// </summary>
    public static async Task<TResult?> ApplyAsync<TStored, TResult>(
        string subject,
        int maxAttempts,
        Func<CancellationToken, Task<TStored?>> read,
        Func<TStored, CancellationToken, Task<TResult>> write,
        Action<int> onLostRace,
        CancellationToken cancellationToken)
        where TStored : class
        where TResult : class
    {
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            if (await read(cancellationToken) is not { } stored)
            {
                return null;
            }
            try
            {
                return await write(stored, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                onLostRace(attempt);
            }
        }
        throw new ConcurrencyConflictException($"{subject} kept changing; gave up after {maxAttempts} attempts.");
    }
}
