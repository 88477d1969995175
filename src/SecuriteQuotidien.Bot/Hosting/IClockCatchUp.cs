namespace SecuriteQuotidien.Bot.Hosting;

/// <summary>
/// Periodic work that the development clock runs at once after moving forward: what its next tick would do, done
/// now. Features register theirs (<c>AddClockCatchUp</c>); they run in registration order.
/// </summary>
public interface IClockCatchUp
{
    /// <summary>What the clock's answer calls this work (<see cref="ClockCatchUps"/>).</summary>
    string Name { get; }

    /// <summary>Runs the work now; returns how many messages it enqueued (0 when the work is turned off).</summary>
    Task<int> CatchUpAsync(CancellationToken cancellationToken);
}

/// <summary>The names of the catch-ups the development clock reports.</summary>
public static class ClockCatchUps
{
    public const string Reminders = "reminders";
    public const string Digest = "digest";
}

public static class ClockCatchUpServiceCollectionExtensions
{
    /// <summary>Registers a catch-up of the development clock: <paramref name="run"/> does the work now and counts what it enqueued.</summary>
    public static IServiceCollection AddClockCatchUp(this IServiceCollection services, string name,
        Func<IServiceProvider, CancellationToken, Task<int>> run) =>
        services.AddSingleton<IClockCatchUp>(provider => new ClockCatchUp(name, cancellationToken => run(provider, cancellationToken)));

    private sealed class ClockCatchUp(string name, Func<CancellationToken, Task<int>> run) : IClockCatchUp
    {
        public string Name => name;

        public Task<int> CatchUpAsync(CancellationToken cancellationToken) => run(cancellationToken);
    }
}
