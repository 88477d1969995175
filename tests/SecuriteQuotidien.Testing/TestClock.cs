using SecuriteQuotidien.Bot.DevClock;
using SecuriteQuotidien.Domain.Calendar;

namespace SecuriteQuotidien.Testing;

/// <summary>
/// The clock of a test host that does not control time step by step: its calendar starts at a fixed
/// instant and then runs at the system's pace, so the bot's timers and pacing stay real while no
/// date a test sees depends on the day it runs (CI also runs under libfaketime at unknown dates).
/// Tests that move time use a <c>FakeTimeProvider</c> instead.
/// </summary>
public static class TestClock
{
    /// <summary>
    /// Tuesday 17 November 2026, 10:00 in Paris: a working day, two hours past the reminders' send time,
    /// a day past the weekly digest's catch-up window, far from a daylight-saving change and from a
    /// public holiday (11 November and 25 December are outside the 30 days that follow).
    /// </summary>
    public static readonly DateTimeOffset DefaultStart = ParisTime.At(new DateOnly(2026, 11, 17), new TimeOnly(10, 0));

    private static readonly DateTimeOffset ProcessStartedAt = TimeProvider.System.GetUtcNow();

    public static DevelopmentClock StartingAt(DateTimeOffset start) => new(TimeProvider.System, start);

    /// <summary>
    /// A clock that read <see cref="DefaultStart"/> when the test process started: every default clock of the
    /// process agrees, so two hosts sharing tables (two instances of the bot) share one "now".
    /// </summary>
    public static DevelopmentClock Default() => StartingAt(DefaultStart + (TimeProvider.System.GetUtcNow() - ProcessStartedAt));
}
