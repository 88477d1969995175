using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Reminders;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;
using SecuriteQuotidien.Storage.Outbox;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Reminders;

/// <summary>
/// Two bot instances over one Azurite, on one simulated clock, sweep daily at 08:30 Paris (plus extra
/// sweeps at other times) while 210 issues are created on chosen days around weekends and French
/// holidays and are answered, paused, resumed, closed or reopened along the way. The reminders the
/// instances enqueue must be exactly those the planner gives for each issue's final history, window
/// by window — none missing, none doubled, each enqueued by one instance only.
/// </summary>
public sealed class ReminderSimulationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int FollowedDays = 60;
    private static readonly ReminderPlanner Planner = new(new ReminderScheduleOptions(), FrenchWorkingCalendar.Default);

    // Written out by hand (2026): the sweep must never post on them, and must post the working day before.
    private static readonly DateOnly[] Holidays =
        [D("2026-04-06"), D("2026-05-01"), D("2026-05-08"), D("2026-05-14"), D("2026-07-14"), D("2026-08-15"), D("2026-11-01"), D("2026-11-11"), D("2026-12-25"), D("2026-05-25"), D("2027-01-01")];

    private static readonly (string Sector, string Category, string Site)[] Places =
    [
        ("gap-hyper-centre", "incivilites", "gap-rue-carnot"),
        ("gap-forte-densite", "occupation-parties-communes", "gap-residence-beauregard-hall-b"),
        ("briancon-hyper-centre", "vols", "briancon-grande-rue"),
        ("gap-hyper-centre", "agressions-personnel", "gap-residence-les-cedres-hall-a"),
        ("gap-hyper-centre", "securite-routiere", "gap-rue-carnot"),
    ];

    private enum Step { Create, Respond, Pause, Resume, Close, Reopen }

    private sealed record Action(DateTimeOffset At, int Issue, Step Step);

    /// <summary>What the test itself knows of one issue's clock, independent of the product's mapper.</summary>
    private sealed class Tracked
    {
        public Issue Issue = null!;
        public int DelayDays;
        public DateTimeOffset? PausedAt;
        public List<PauseInterval> Pauses { get; } = [];
        public List<DateTimeOffset> Responses { get; } = [];
        public List<DateTimeOffset> Closures { get; } = [];
        public List<DateTimeOffset> Reopenings { get; } = [];

        public ResponseClock Clock() => new()
        {
            CreatedAt = Issue.CreatedAt,
            DelayDays = DelayDays,
            Pauses = [.. Pauses, .. PausedAt is { } p ? new[] { new PauseInterval(p, null) } : []],
            TargetedResponses = Responses,
            Closures = Closures,
            Reopenings = Reopenings,
        };
    }

    [Fact]
    public async Task Two_instances_send_exactly_the_planned_reminders_once_over_issues_followed_60_days()
    {
        var random = new Random(20260405);
        var creations = CreationDays(random);
        var actions = PlanActions(creations, random);
        var firstDay = creations.Min().AddDays(-1);
        var lastDay = creations.Max().AddDays(FollowedDays);
        var ticks = SweepTicks(firstDay, lastDay);

        var time = new FakeTimeProvider(ParisTime.At(firstDay, new TimeOnly(0, 0)));
        var prefix = ReminderHost.NewPrefix();
        var settings = new Dictionary<string, string?> { ["Reminders:CatchUpDays"] = "2" };
        await using var a = await ReminderHost.StartAsync(azurite.ConnectionString, prefix, time, settings);
        await using var b = await ReminderHost.StartAsync(azurite.ConnectionString, prefix, time, settings);
        ReminderHost[] instances = [a, b];

        var tracked = creations.Select(_ => new Tracked()).ToArray();
        var enqueuedBy = new[] { new List<string>(), new List<string>() };
        var sweptTicks = new List<DateTimeOffset>();
        var timeline = actions.Select(x => (x.At, Action: (Action?)x)).Concat(ticks.Select(t => (At: t, Action: (Action?)null)))
            .OrderBy(x => x.At).ToList();

        var round = 0;
        foreach (var (at, action) in timeline)
        {
            time.SetUtcNow(at);
            if (action is not null)
            {
                await ApplyAsync(instances[action.Issue % 2], tracked[action.Issue], action, at, creations);
                continue;
            }

            var results = await SweepBothAsync(instances, round++);
            Assert.Single(results, r => r.Swept);
            for (var i = 0; i < 2; i++)
            {
                enqueuedBy[i].AddRange(results[i].Enqueued);
                Assert.Equal(0, results[i].Failed);
            }
            sweptTicks.Add(at);
        }

        // The oracle: for each issue's final history, what the planner says is due in each window between sweeps.
        var expected = new List<string>();
        var expectedDates = new List<(DateOnly Date, ReminderKind Kind)>();
        foreach (var t in tracked)
        {
            var clock = t.Clock();
            var previous = DateTimeOffset.MinValue;
            foreach (var tick in sweptTicks)
            {
                foreach (var reminder in Planner.DueBetween(clock, previous, tick))
                {
                    expected.Add(OutboxKeys.Reminder(t.Issue.Number, reminder.Key));
                    expectedDates.Add((reminder.DueDate, reminder.Kind));
                }
                previous = tick;
            }
        }

        var sent = enqueuedBy[0].Concat(enqueuedBy[1]).ToList();
        Assert.Equal(sent.Count, sent.Distinct().Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), sent.Order(StringComparer.Ordinal));

        // Both instances took their share, and each reminder is really in the outbox.
        Assert.All(enqueuedBy, list => Assert.NotEmpty(list));
        Assert.True(a.Worker.SweepCount > 0 && b.Worker.SweepCount > 0);
        Assert.Equal(sweptTicks.Count, a.Worker.SweepCount + b.Worker.SweepCount);
        foreach (var key in sent.Where((_, i) => i % 10 == 0))
        {
            var message = await a.Outbox.GetAsync(key, CancellationToken.None);
            Assert.NotNull(message);
            Assert.Equal(OutboxState.Pending, message.State);
        }

        // The mix exercised every kind of reminder, reopened clocks, and the calendar.
        Assert.True(sent.Count > 600, $"only {sent.Count} reminders");
        Assert.Contains(sent, k => k.EndsWith(":J15", StringComparison.Ordinal));
        Assert.Contains(sent, k => k.EndsWith(":J30", StringComparison.Ordinal));
        Assert.Contains(sent, k => k.EndsWith(":R37", StringComparison.Ordinal));
        Assert.Contains(sent, k => k.Contains(":C2-", StringComparison.Ordinal));
        Assert.All(expectedDates, x => Assert.True(IsWorkingDay(x.Date), $"reminder on {x.Date}"));
        foreach (var holiday in Holidays)
        {
            var dayBefore = LastWorkingDayBefore(holiday);
            Assert.Contains(expectedDates, x => x.Date == dayBefore);
        }

        // The deadline reminders are flagged for the commissioner's digest on the timeline.
        var withDeadline = tracked.First(t => sent.Contains(OutboxKeys.Reminder(t.Issue.Number, "J30")));
        var events = await a.Events.ListAsync(withDeadline.Issue.Number, partnerVisibleOnly: false, CancellationToken.None);
        Assert.Contains(events, ReminderSentEvent.IsForCommissionerDigest);
    }

    /// <summary>
    /// Both instances try to sweep; the order alternates and one round in four is concurrent. The lease
    /// must let exactly one of them sweep.
    /// </summary>
    private static async Task<ReminderSweepResult[]> SweepBothAsync(ReminderHost[] instances, int round)
    {
        if (round % 4 == 3)
        {
            return await Task.WhenAll(instances.Select(h => h.Worker.RunOnceAsync(CancellationToken.None)));
        }
        var first = round % 2;
        var results = new ReminderSweepResult[2];
        results[first] = await instances[first].Worker.RunOnceAsync(CancellationToken.None);
        results[1 - first] = await instances[1 - first].Worker.RunOnceAsync(CancellationToken.None);
        return results;
    }

    private static async Task ApplyAsync(ReminderHost host, Tracked t, Action action, DateTimeOffset at, IReadOnlyList<DateOnly> creations)
    {
        if (action.Step == Step.Create)
        {
            var (sector, category, site) = Places[action.Issue % Places.Length];
            t.Issue = await host.CreateIssueAsync(sector, category, site);
            t.DelayDays = host.Directory.FindCategory(category)!.ResponseDelayDays;
            Assert.Equal(creations[action.Issue], ParisTime.DateOf(t.Issue.CreatedAt));
            return;
        }
        // Steps that no longer apply (e.g. resume after a closure) are skipped, as the card would refuse them.
        switch (action.Step)
        {
            case Step.Respond when t.Issue.IsOpen:
                t.Issue = await host.ApplyAsync(t.Issue, (i, now) => i.EngageResponse(ReminderHost.Actor, now, "Patrouille ciblée"));
                t.Responses.Add(at);
                break;
            case Step.Pause when t.Issue.IsOpen && !t.Issue.IsPaused:
                t.Issue = await host.ApplyAsync(t.Issue, (i, now) => i.Pause(ReminderHost.Actor, now, "Enquête judiciaire en cours"));
                t.PausedAt = at;
                break;
            case Step.Resume when t.Issue.IsOpen && t.Issue.IsPaused:
                t.Issue = await host.ApplyAsync(t.Issue, (i, now) => i.Resume(ReminderHost.Actor, now));
                t.Pauses.Add(new PauseInterval(t.PausedAt!.Value, at));
                t.PausedAt = null;
                break;
            case Step.Close when t.Issue.IsOpen:
                t.Issue = await host.ApplyAsync(t.Issue, (i, now) => i.Close(ReminderHost.Actor, now, IssueOutcome.Resolved));
                t.Closures.Add(at);
                if (t.PausedAt is { } pausedAt)
                {
                    t.Pauses.Add(new PauseInterval(pausedAt, at));
                    t.PausedAt = null;
                }
                break;
            case Step.Reopen when !t.Issue.IsOpen:
                t.Issue = await host.ApplyAsync(t.Issue, (i, now) => i.Reopen(ReminderHost.Actor, now, "Le problème persiste"));
                t.Reopenings.Add(at);
                break;
        }
    }

    /// <summary>
    /// 210 creation days: for each holiday, issues whose J+15, J+23, J+28 or J+30 falls on it or next to
    /// it, then the rest spread over the year.
    /// </summary>
    private static List<DateOnly> CreationDays(Random random)
    {
        var days = new List<DateOnly>();
        foreach (var holiday in Holidays)
        {
            foreach (var offset in new[] { 15, 23, 28, 30 })
            {
                days.Add(holiday.AddDays(-offset));
                days.Add(holiday.AddDays(-offset + random.Next(-2, 3)));
            }
        }
        while (days.Count < 210)
        {
            days.Add(new DateOnly(2026, 3, 1).AddDays(random.Next(0, 280)));
        }
        return [.. days.Order()];
    }

    private static List<Action> PlanActions(IReadOnlyList<DateOnly> creations, Random random)
    {
        var actions = new List<Action>();
        for (var i = 0; i < creations.Count; i++)
        {
            var day = creations[i];
            actions.Add(new Action(Local(day, 9 + (i % 9), 7 + (i % 40)), i, Step.Create));
            var k = random.Next(3, 40);
            switch (random.Next(10))
            {
                case 4:
                    actions.Add(new Action(Local(day.AddDays(k), 11, 15), i, Step.Respond));
                    break;
                case 5:
                    actions.Add(new Action(Local(day.AddDays(k), 15, 40), i, Step.Pause));
                    actions.Add(new Action(Local(day.AddDays(k + random.Next(0, 15)), 9, 10 + random.Next(0, 40)), i, Step.Resume));
                    break;
                case 6:
                    actions.Add(new Action(Local(day.AddDays(k), 17, 5), i, Step.Pause));
                    break;
                case 7:
                    actions.Add(new Action(Local(day.AddDays(k), 10, 20), i, Step.Close));
                    break;
                case 8:
                    actions.Add(new Action(Local(day.AddDays(k), 10, 20), i, Step.Close));
                    actions.Add(new Action(Local(day.AddDays(k + random.Next(1, 10)), 16, 20), i, Step.Reopen));
                    break;
                case 9:
                    actions.Add(new Action(Local(day.AddDays(k), 11, 45), i, Step.Respond));
                    actions.Add(new Action(Local(day.AddDays(k + 2), 12, 5), i, Step.Close));
                    actions.Add(new Action(Local(day.AddDays(k + 5), 14, 50), i, Step.Reopen));
                    break;
            }
        }
        return actions;
    }

    /// <summary>08:30 Paris every day, plus extra sweeps: 20 s later (the same lease holder), early afternoon and just after midnight.</summary>
    private static List<DateTimeOffset> SweepTicks(DateOnly first, DateOnly last)
    {
        var ticks = new List<DateTimeOffset>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var sendTime = Local(day, 8, 30);
            ticks.Add(sendTime);
            if (day.DayNumber % 3 == 0)
            {
                ticks.Add(sendTime.AddSeconds(20));
                ticks.Add(Local(day, 13, 45));
            }
            if (day.DayNumber % 7 == 0)
            {
                ticks.Add(Local(day, 0, 5));
            }
        }
        return ticks;
    }

    private static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays.Contains(date);

    private static DateOnly LastWorkingDayBefore(DateOnly date)
    {
        var day = date.AddDays(-1);
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(-1);
        }
        return day;
    }

    private static DateTimeOffset Local(DateOnly date, int hour, int minute) => ParisTime.At(date, new TimeOnly(hour, minute));

    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
