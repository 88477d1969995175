using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Domain.Tests.Reminders;

/// <summary>
/// Replays a daily 08:30 sweep over 220 pseudo-random issues and compares what the planner sends with
/// a brute-force oracle written from the rules: a day-by-day walk that does not call the planner,
/// the calendar or ParisTime.
/// </summary>
public class ReminderSimulationTests
{
    private const int ClockCount = 220;
    private const int SimulatedDays = 60;
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly ReminderScheduleOptions Options = new();

    // Written out by hand: the national holidays of 2026 and 2027.
    private static readonly HashSet<DateOnly> Holidays =
    [
        .. new[]
        {
            "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
            "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25",
            "2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17",
            "2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25",
        }.Select(d => DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture)),
    ];

    [Fact]
    public void Daily_sweeps_send_exactly_the_reminders_the_rules_call_for()
    {
        var clocks = GenerateClocks(new Random(20260501));
        var planner = new ReminderPlanner(Options, FrenchWorkingCalendar.Default);
        var oracles = clocks.Select(_ => new OracleState()).ToArray();
        var predictedNext = new PlannedReminder?[clocks.Count];
        var sent = new List<string>();
        var expected = new List<string>();

        var firstDay = ParisDate(clocks[0].CreatedAt);
        var lastDay = ParisDate(clocks[^1].CreatedAt).AddDays(SimulatedDays);
        var time = new FakeTimeProvider(LocalInstant(firstDay.AddDays(-1), 8, 30));
        var previous = time.GetUtcNow();

        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            time.SetUtcNow(LocalInstant(day, 8, 30));
            var now = time.GetUtcNow();
            for (var i = 0; i < clocks.Count; i++)
            {
                var clock = clocks[i];
                if (clock.CreatedAt > now || day > ParisDate(clock.CreatedAt).AddDays(SimulatedDays))
                {
                    continue;
                }

                var due = planner.DueBetween(clock, previous, now);
                foreach (var reminder in due)
                {
                    Assert.Equal(now, reminder.DueAt);
                    Assert.Equal(day, reminder.DueDate);
                    AssertAllowedToSend(clock, now);
                    sent.Add($"#{i} {reminder.Key} {day:yyyy-MM-dd}");
                }

                if (Oracle(clock, day, now, oracles[i]) is { } key)
                {
                    expected.Add($"#{i} {key} {day:yyyy-MM-dd}");
                }

                // With nothing recorded since the last sweep, the due-day index entry must be exact.
                if (!HasEventIn(clock, previous, now))
                {
                    var predicted = predictedNext[i] is { } p && p.DueAt == now ? p.Key : null;
                    Assert.Equal(predicted, due.SingleOrDefault()?.Key);
                }

                predictedNext[i] = planner.NextDueAfter(clock.AsOf(now), now);
            }

            previous = now;
        }

        Assert.Equal(expected, sent);
        Assert.Equal(sent.Count, sent.Select(s => s[..s.LastIndexOf(' ')]).Distinct().Count());
        Assert.All(sent, s => Assert.True(IsWorkingDay(DateOnly.Parse(s[(s.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))));

        // The scenario mix must exercise every kind of reminder, reopened clocks and a real volume.
        Assert.True(sent.Count > 400, $"only {sent.Count} reminders sent");
        Assert.Contains(sent, s => s.Contains(" J15 ", StringComparison.Ordinal));
        Assert.Contains(sent, s => s.Contains(" J30 ", StringComparison.Ordinal));
        Assert.Contains(sent, s => s.Contains(" R37 ", StringComparison.Ordinal));
        Assert.Contains(sent, s => s.Contains(" C2-", StringComparison.Ordinal));
        Assert.Contains(sent, s => Holidays.Contains(DateOnly.Parse(s[(s.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture).AddDays(1)));
    }

    /// <summary>No reminder goes out after a response or closure of the current clock, or while paused.</summary>
    private static void AssertAllowedToSend(ResponseClock clock, DateTimeOffset now)
    {
        var start = CurrentStart(clock, now);
        Assert.DoesNotContain(clock.TargetedResponses, r => r >= start && r <= now);
        Assert.DoesNotContain(clock.Closures, c => c >= start && c <= now);
        Assert.DoesNotContain(clock.Pauses, p => p.Start <= now && (p.End is null || now < p.End));
    }

    private sealed class OracleState
    {
        public DateTimeOffset Start { get; set; }
        public HashSet<int> Done { get; } = [];
    }

    /// <summary>
    /// The rules, walked forward one day at a time: on a working day after the start date, with no
    /// response, closure or running pause, send every reminder not yet handled whose nominal date is
    /// before the next working day (so weekend and holiday reminders go out the working day before, and
    /// reminders held back by the start date or a pause go out at the first chance) — only the
    /// largest offset if several qualify. A day counts towards an offset unless a pause covered the
    /// midnight that began it.
    /// </summary>
    private static string? Oracle(ResponseClock clock, DateOnly day, DateTimeOffset now, OracleState state)
    {
        var start = CurrentStart(clock, now);
        if (state.Start != start)
        {
            state.Start = start;
            state.Done.Clear();
        }

        var paused = clock.Pauses.Any(p => p.Start <= now && (p.End is null || now < p.End));
        var answeredOrClosed = clock.TargetedResponses.Concat(clock.Closures).Any(x => x >= start && x <= now);
        var startDate = ParisDate(start);
        if (paused || answeredOrClosed || !IsWorkingDay(day) || day <= startDate)
        {
            return null;
        }

        var nextWorkingDay = day.AddDays(1);
        while (!IsWorkingDay(nextWorkingDay))
        {
            nextWorkingDay = nextWorkingDay.AddDays(1);
        }

        var knownPauses = clock.Pauses.Where(p => p.Start <= now).ToArray();
        // Independent of the options' own arithmetic: 50 %, 75 %, 90 % of the delay, halves rounded up, integer maths.
        var offsets = new[] { 50, 75, 90 }.Select(p => ((clock.DelayDays * p) + 50) / 100).Where(o => o > 0 && o < clock.DelayDays)
            .Concat(Enumerable.Range(0, 100).Select(k => clock.DelayDays + (k * Options.OverdueRepeatDays)))
            .Where(o => o <= Options.HorizonDays);
        var ready = offsets
            .Where(o => !state.Done.Contains(o) && NominalDateIsBefore(startDate, o, knownPauses, nextWorkingDay))
            .ToArray();
        if (ready.Length == 0)
        {
            return null;
        }

        state.Done.UnionWith(ready);
        var offset = ready.Max();
        var reopenings = clock.Reopenings.Count(r => r > clock.CreatedAt && r <= now);
        var prefix = reopenings > 0 ? $"C{reopenings + 1}-" : "";
        return prefix + (offset > clock.DelayDays ? "R" : "J") + offset;
    }

    private static bool NominalDateIsBefore(DateOnly startDate, int offset, PauseInterval[] pauses, DateOnly limit)
    {
        var date = startDate;
        for (var counted = 0; counted < offset;)
        {
            date = date.AddDays(1);
            if (date >= limit)
            {
                return false;
            }

            var midnight = LocalInstant(date, 0, 0);
            if (!pauses.Any(p => p.Start < midnight && midnight <= p.End))
            {
                counted++;
            }
        }

        return true;
    }

    private static DateTimeOffset CurrentStart(ResponseClock clock, DateTimeOffset now) =>
        clock.Reopenings.Where(r => r > clock.CreatedAt && r <= now).DefaultIfEmpty(clock.CreatedAt).Max();

    private static bool HasEventIn(ResponseClock clock, DateTimeOffset fromExclusive, DateTimeOffset toInclusive) =>
        clock.Pauses.SelectMany(p => p.End is { } end ? new[] { p.Start, end } : [p.Start])
            .Concat(clock.TargetedResponses).Concat(clock.Closures).Concat(clock.Reopenings)
            .Any(t => t > fromExclusive && t <= toInclusive);

    private static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays.Contains(date);

    private static DateOnly ParisDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    // Only used for 00:00 and 08:30, which always exist exactly once in Paris.
    private static DateTimeOffset LocalInstant(DateOnly date, int hour, int minute)
    {
        var local = date.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>
    /// One issue every other day (so each on its own day) from 1 January 2026, at any minute of the day,
    /// with a mix of fates: ignored, answered, paused (sometimes for minutes, sometimes still running),
    /// closed, closed and reopened. One event in ten (and one pause end in eight) is put exactly on a 08:30 sweep.
    /// </summary>
    private static List<ResponseClock> GenerateClocks(Random random)
    {
        DateTimeOffset After(DateTimeOffset from, int maxDays) => random.Next(10) == 0
            ? LocalInstant(ParisDate(from).AddDays(random.Next(1, maxDays + 1)), 8, 30)
            : from.AddMinutes(random.Next(1, maxDays * 1440));

        var clocks = new List<ResponseClock>();
        for (var i = 0; i < ClockCount; i++)
        {
            var day = new DateOnly(2026, 1, 1).AddDays((2 * i) + random.Next(2));
            var clock = new ResponseClock
            {
                CreatedAt = LocalInstant(day, 0, 0).AddMinutes(random.Next(1440)),
                DelayDays = random.Next(10) switch { 0 => 21, 1 => 45, _ => 30 },
            };

            var fate = random.Next(100);
            if (fate < 20)
            {
                clocks.Add(clock);
                continue;
            }

            if (fate < 40)
            {
                clocks.Add(clock with { TargetedResponses = [After(clock.CreatedAt, 50)] });
                continue;
            }

            if (fate < 70)
            {
                var pauses = new List<PauseInterval>();
                var cursor = clock.CreatedAt;
                for (var p = random.Next(1, 3); p > 0; p--)
                {
                    var pauseStart = After(cursor, 20);
                    var length = random.Next(4) == 0 ? random.Next(1, 600) : random.Next(1, 10 * 1440);
                    var stillRunning = p == 1 && random.Next(6) == 0;
                    cursor = random.Next(8) == 0
                        ? LocalInstant(ParisDate(pauseStart).AddDays(random.Next(1, 5)), 8, 30) // resumed right at a sweep
                        : pauseStart.AddMinutes(length);
                    pauses.Add(new PauseInterval(pauseStart, stillRunning ? null : cursor));
                }

                var answered = random.Next(3) == 0 ? new[] { After(cursor, 30) } : [];
                clocks.Add(clock with { Pauses = pauses, TargetedResponses = answered });
                continue;
            }

            if (fate < 80)
            {
                clocks.Add(clock with { Closures = [After(clock.CreatedAt, 50)] });
                continue;
            }

            var closed = After(clock.CreatedAt, 35);
            var reopened = After(closed, 10);
            clocks.Add(clock with
            {
                TargetedResponses = random.Next(2) == 0 ? [After(clock.CreatedAt, 20), After(reopened, 40)] : [],
                Closures = [closed],
                Reopenings = [reopened],
                Pauses = random.Next(3) == 0 ? [ThreeDaysFrom(After(reopened, 10))] : [],
            });
        }

        return clocks;
    }

    private static PauseInterval ThreeDaysFrom(DateTimeOffset start) => new(start, start.AddDays(3));
}
