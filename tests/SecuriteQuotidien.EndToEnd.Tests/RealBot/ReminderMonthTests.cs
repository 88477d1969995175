using System.Diagnostics;
using System.Globalization;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Reminders;
using SecuriteQuotidien.Storage.Departments;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Playground;
using Xunit.Abstractions;
using BotActivity = SecuriteQuotidien.BotFramework.Schema.Activity;

namespace SecuriteQuotidien.EndToEnd.Tests.RealBot;

/// <summary>The real bot without its weekly digest (the sector channel holds only what the issue causes) and with a rare periodic sweep.</summary>
public sealed class ReminderMonthFixture : RealBotFixture
{
    protected override IReadOnlyDictionary<string, string?>? BotSettings { get; } = new Dictionary<string, string?>
    {
        // Only the dev clock's moves sweep (the hosted loop is off, as in every end-to-end bot by default), so
        // each move's answer counts exactly the reminders that became due with it.
        ["Reminders:Enabled"] = "false",
    };
}

/// <summary>
/// A simulated month of reminders ("relances") in the real bot process, seen through the real Agents
/// Playground: the dev clock moves day by day to 08:30 Paris; each reminder the domain's planner expects
/// arrives as a reply in the issue's channel thread, @mentioning the referent, once; a targeted response
/// stops them.
/// </summary>
public sealed class ReminderMonthTests(ReminderMonthFixture fixture, ITestOutputHelper output) : IClassFixture<ReminderMonthFixture>
{
    private const string CategoryId = "occupation-parties-communes";
    private const string SectorId = "gap-hyper-centre";
    private const int DaysAfterResponse = 9;

    private PlaygroundClient Client => fixture.Client;

    [Fact]
    public Task A_month_brings_each_planned_reminder_once_in_the_issue_thread_and_a_targeted_response_stops_them() => fixture.ExplainingFailuresAsync(async () =>
    {
        var watch = Stopwatch.StartNew();
        var directory = await DepartmentFileLoader.LoadAsync(RepoPaths.Combine("departments", "hautes-alpes.json"), CancellationToken.None);
        var delay = directory.FindCategory(CategoryId)!.ResponseDelayDays;
        var planner = new ReminderPlanner(new ReminderScheduleOptions(), FrenchWorkingCalendar.Default);

        // A creation day whose plan moves a reminder earlier because of a public holiday (a weekend otherwise).
        var now = await fixture.Bot.DevClockAsync();
        var created = ChooseCreationDay(planner, ParisTime.DateOf(now.Now).AddDays(1), delay);
        await fixture.Bot.MoveClockToAsync(ParisTime.At(created, new TimeOnly(8, 0)));
        await Client.InstallEverywhereAsync();
        var issue = await Client.ReportAndWaitForRootPostAsync();
        var createdAt = (await fixture.Bot.DevClockAsync()).Now;
        Assert.Equal(created, ParisTime.DateOf(createdAt));

        var lastDay = created.AddDays(delay + 1);
        var expected = planner.Plan(new ResponseClock { CreatedAt = createdAt, DelayDays = delay })
            .Where(r => r.DueDate <= lastDay).ToList();
        Assert.Contains(expected, r => r.Kind == ReminderKind.Deadline);
        output.WriteLine($"Issue {issue.Number} created {created:yyyy-MM-dd}; expected reminders: "
            + string.Join(", ", expected.Select(r => $"{r.Key} on {r.DueDate:ddd yyyy-MM-dd} (nominal {created.AddDays(r.OffsetDays):ddd yyyy-MM-dd})")));

        var received = new List<(DateOnly Day, PlaygroundEvent Message)>();
        for (var day = created.AddDays(1); day <= lastDay; day = day.AddDays(1))
        {
            var dueToday = expected.Where(r => r.DueDate == day).ToList();
            var state = await fixture.Bot.MoveClockToAsync(ParisTime.At(day, new TimeOnly(8, 30)));
            Assert.True(dueToday.Count == state.RemindersEnqueued, $"{day:yyyy-MM-dd}: {state.RemindersEnqueued} reminder(s) enqueued, {dueToday.Count} planned.");
            foreach (var reminder in dueToday)
            {
                var message = await WaitForReminderAsync(issue);
                received.Add((day, message));
                AssertIsTheReminder(issue, reminder, message);
            }
        }
        output.WriteLine($"{received.Count} reminders over {lastDay.DayNumber - created.DayNumber} simulated days in {watch.Elapsed.TotalSeconds:F1} s.");

        // The referent records a targeted response: no reminder after it, not even the overdue one a week later.
        await RecordTargetedResponseAsync(issue, lastDay);
        for (var day = lastDay.AddDays(1); day <= lastDay.AddDays(DaysAfterResponse); day = day.AddDays(1))
        {
            var state = await fixture.Bot.MoveClockToAsync(ParisTime.At(day, new TimeOnly(8, 30)));
            Assert.True(state.RemindersEnqueued == 0, $"{day:yyyy-MM-dd}: {state.RemindersEnqueued} reminder(s) enqueued after the targeted response.");
        }
        Assert.Contains(planner.Plan(new ResponseClock { CreatedAt = createdAt, DelayDays = delay }),
            r => r.Kind == ReminderKind.Overdue && r.DueDate <= lastDay.AddDays(DaysAfterResponse));

        // A last message through the same outbox into the same thread: whatever was queued before it is in by then.
        var extra = await ThreadUntilSentinelAsync(directory, issue);
        Assert.DoesNotContain(extra, IsReminder);
        Assert.Equal(expected.Select(r => r.DueDate), received.Select(r => r.Day));
        output.WriteLine($"Whole month and {DaysAfterResponse} days after the response: {watch.Elapsed.TotalSeconds:F1} s.");
    });

    /// <summary>
    /// The first day from <paramref name="from"/> whose plan holds a reminder on a public holiday's eve
    /// (its nominal date is a holiday), else the first with a reminder moved off a weekend.
    /// </summary>
    private static DateOnly ChooseCreationDay(ReminderPlanner planner, DateOnly from, int delay)
    {
        var calendar = FrenchWorkingCalendar.Default;
        IEnumerable<DateOnly> Nominal(DateOnly day) => planner.Plan(new ResponseClock { CreatedAt = ParisTime.At(day, new TimeOnly(8, 0)), DelayDays = delay })
            .Where(r => r.OffsetDays <= delay)
            .Select(r => day.AddDays(r.OffsetDays));
        var candidates = Enumerable.Range(0, 366).Select(from.AddDays).ToList();
        return candidates.FirstOrDefault(day => Nominal(day).Any(calendar.IsPublicHoliday),
            candidates.First(day => Nominal(day).Any(d => !calendar.IsWorkingDay(d))));
    }

    /// <summary>The reminder's sentence ("Relance J+15 — …", "Échéance …", "En retard …") is its card's fallback text.</summary>
    private static string SentenceOf(PlaygroundEvent e) =>
        e.Attachments.Count > 0 && CardForm.CardOf(e)["fallbackText"] is { } text ? text.GetValue<string>() : "";

    private static bool IsReminder(PlaygroundEvent e) =>
        e.Action == PlaygroundEvent.CreateMessage && SentenceOf(e) is var sentence
        && (sentence.StartsWith("Relance J+", StringComparison.Ordinal) || sentence.StartsWith("Échéance", StringComparison.Ordinal)
            || sentence.StartsWith("En retard", StringComparison.Ordinal));

    private async Task<PlaygroundEvent> WaitForReminderAsync(ReportedIssue issue) =>
        (await Client.WaitForBotAsync(1, e => e.ConversationId == issue.Thread && IsReminder(e), TeamsUser.Wait))[0];

    private static void AssertIsTheReminder(ReportedIssue issue, PlannedReminder reminder, PlaygroundEvent message)
    {
        Assert.Equal(issue.Thread, message.ConversationId);
        var sentence = SentenceOf(message);
        Assert.Contains($"signalement {issue.Number} ", sentence, StringComparison.Ordinal);
        Assert.StartsWith(reminder.Kind == ReminderKind.Upcoming ? $"Relance J+{reminder.OffsetDays} —" : "Échéance", sentence, StringComparison.Ordinal);
        var card = CardForm.CardOf(message);
        var mentions = ReferentJourneySteps.MentionsOf(card);
        Assert.Contains(mentions, m => m.Id == ReferentJourneySteps.ReferentObjectId && m.Text == $"<at>{ReferentJourneySteps.ReferentName}</at>");
        Assert.Contains(mentions, m => m.Id == ReferentJourneySteps.DeputyObjectId);
        Assert.Contains($"<at>{ReferentJourneySteps.ReferentName}</at>", CardForm.AllText(card), StringComparison.Ordinal);
    }

    private async Task RecordTargetedResponseAsync(ReportedIssue issue, DateOnly today)
    {
        var referent = Client.ReferentId();
        var current = CardForm.CardOf(await Client.ClickOnIssueCardAsync(issue, CardForm.CardOf(issue.Root), ActionIds.Issue.Refresh, referent));
        var form = CardForm.CardOf(await Client.ClickOnIssueCardAsync(issue, current, ActionIds.Issue.Response, referent));
        var recorded = CardForm.CardOf(await Client.ClickOnIssueCardAsync(issue, form, ActionIds.Issue.ResponseSubmit, referent, new Dictionary<string, string>
        {
            [ReferentFields.Type] = "mediation",
            [ReferentFields.Date] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [ReferentFields.Summary] = "Une médiation avec le bailleur et les jeunes du quartier a eu lieu.",
            [ReferentFields.Note] = "",
        }));
        Assert.Contains("Réponse ciblée engagée", CardForm.AllText(recorded), StringComparison.Ordinal);
    }

    /// <summary>Enqueues a plain reply in the issue's thread through the product's outbox and returns every thread message until it arrives.</summary>
    private async Task<IReadOnlyList<PlaygroundEvent>> ThreadUntilSentinelAsync(IDirectory directory, ReportedIssue issue)
    {
        const string sentinel = "Fin de la simulation.";
        var sector = directory.FindSector(SectorId)!;
        await fixture.ProactiveSender().ReplyInThreadAsync($"e2e-sentinel:{issue.Number}", ChannelAddress.Of(directory, sector), issue.Thread,
            issue.Root.MessageId!, new BotActivity { Type = ActivityTypes.Message, Text = sentinel, TextFormat = "plain" });
        await fixture.Bot.AdvanceClockAsync("PT0S"); // wakes the bot's dispatcher (the enqueue happened in this process)
        var seen = new List<PlaygroundEvent>();
        while (seen.Count < 50 && seen.LastOrDefault()?.Text != sentinel)
        {
            seen.AddRange(await Client.WaitForBotAsync(1, e => e.Action == PlaygroundEvent.CreateMessage && e.ConversationId == issue.Thread, TeamsUser.Wait));
        }
        return seen;
    }
}
