namespace SecuriteQuotidien.Bot.DevClock;

/// <summary>
/// The system clock plus an offset that only grows: lets a person (or an end-to-end test) living in the
/// Agents Playground jump days ahead to see reminders and follow-ups without waiting. Used only in a local
/// anonymous run (see <see cref="Microsoft.Extensions.DependencyInjection.DevClockExtensions.AddDevClock"/>). Timers and timestamps stay the
/// system's: a delay still lasts its real length, only "now" moves.
/// </summary>
public sealed class DevelopmentClock(TimeProvider system) : TimeProvider
{
    private long _offsetTicks;

    public DevelopmentClock() : this(TimeProvider.System)
    {
    }

    /// <summary>
    /// A clock whose calendar starts at <paramref name="startAt"/> (earlier or later than the system clock)
    /// and then runs at the system's pace: a demo or a test that must not depend on the real date.
    /// </summary>
    public DevelopmentClock(TimeProvider system, DateTimeOffset startAt) : this(system)
    {
        _offsetTicks = (startAt - system.GetUtcNow()).Ticks;
    }

    /// <summary>How far ahead of the system clock this clock is (negative when it started in the past).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => system.LocalTimeZone;

    /// <summary>Moves the clock forward by <paramref name="duration"/> (zero or more); returns the new now.</summary>
    public DateTimeOffset Advance(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, duration.Ticks);
        return GetUtcNow();
    }

    /// <summary>
    /// Moves the clock to <paramref name="target"/>; returns false (and leaves the clock alone) when the
    /// target is earlier than now: stored deadlines, leases and sent reminders assume time never goes back.
    /// </summary>
    public bool TryAdvanceTo(DateTimeOffset target, out DateTimeOffset now)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _offsetTicks);
            var systemNow = system.GetUtcNow();
            if (target < systemNow + TimeSpan.FromTicks(current))
            {
                now = systemNow + TimeSpan.FromTicks(current);
                return false;
            }
            var wanted = (target - systemNow).Ticks;
            if (Interlocked.CompareExchange(ref _offsetTicks, wanted, current) == current)
            {
                now = target;
                return true;
            }
        }
    }
}

/// <summary>Body of <c>POST /_dev/clock</c>: exactly one of an ISO 8601 duration (<c>P15D</c>) or an instant.</summary>
public sealed record DevClockMove(string? Advance, string? To);

/// <summary>What <c>/_dev/clock</c> answers: the clock's now (UTC and Paris), its lead on the system clock, and what the catch-up sent.</summary>
public sealed record DevClockState(DateTimeOffset Now, DateTimeOffset Paris, TimeSpan Offset, int RemindersEnqueued = 0, int DigestMessages = 0);
