using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;
using SecuriteQuotidien.Storage.Issues;

namespace SecuriteQuotidien.Bot.Reminders;

/// <summary>What one sweep did.</summary>
/// <param name="Swept">False when another instance holds the sweep lease (nothing was read).</param>
/// <param name="EntriesDue">Index entries read that were due at the sweep instant.</param>
/// <param name="Enqueued">Outbox keys this sweep added ("reminder:05-2026-0042:J15").</param>
/// <param name="Dropped">Issues whose entries were removed without a message (reason gone, entry stale).</param>
/// <param name="WaitingForThread">Issues due whose thread is not posted yet: kept for the next sweep.</param>
/// <param name="Failed">Issues that failed (storage...): their entries stay for the next sweep.</param>
public sealed record ReminderSweepResult(bool Swept, int EntriesDue, IReadOnlyList<string> Enqueued, int Dropped, int WaitingForThread, int Failed)
{
    /// <summary>Outbox keys of the deadline breaches this sweep told the commissioner ("breach:05-2026-0042:B31").</summary>
    public IReadOnlyList<string> BreachesEnqueued { get; init; } = [];

    public static ReminderSweepResult NotLeader { get; } = new(false, 0, [], 0, 0, 0);
}

/// <summary>
/// One pass over the due-day index: reads today's partition and the catch-up days before it (from the
/// last completed sweep when that is older: an outage longer than the window loses no reminder), and
/// for each issue with an entry due, re-checks the reminder against the current clock, posts it in
/// the issue's thread through the outbox (key "reminder:{number}:{key}"), records it on the
/// timeline, then plans the next one before removing the entries handled.
/// </summary>
/// <remarks>
/// If several reminders of one issue are due at once (a sweep missed for days), only the most urgent
/// is posted: at most one reminder per issue per day. Issues go by batches of <see cref="BatchSize"/>, each
/// in four steps: read every issue (its row carries the clock and the last reminder posted: no timeline read,
/// except for a row stored before they were), enqueue the batch's reminders (one read of each sector channel's
/// reference, outbox rows 50 per transaction), record each reminder on its timeline and, per sector, as the
/// issues' last reminder (one merge per hundred issues), then write the next entries and remove the handled ones
/// (a transaction per day and hundred rows, the removals only once the next entries are stored). The order
/// "enqueue, record, plan next, remove" means a crash at any point leaves the entry in the index, and the retry
/// is a no-op in the outbox. Two table requests per reminder: the issue read and the timeline event; the rest is
/// shared by the batch.
/// </remarks>
public sealed partial class ReminderSweep(
    IDueDayIndex index,
    DueDaySweepMarker marker,
    IIssueRepository issues,
    IIssueReminderLog reminderLog,
    IIssueEventRepository events,
    ResponseClockMapper mapper,
    ReminderPlanner planner,
    ReminderScheduler scheduler,
    IProactiveSender sender,
    IDirectory directory,
    Observability.ProductMetrics metrics,
    IOptions<ReminderWorkerOptions> options,
    ILogger<ReminderSweep> logger)
{
    /// <summary>The actor of the "reminder sent" timeline events.</summary>
    public const string Actor = "bot";

    /// <summary>Issues handled together (the lease is checked between batches); the index's transaction limit.</summary>
    public const int BatchSize = DueDayIndex.MaxActionsPerTransaction;


    /// <summary>
    /// Sweeps as of <paramref name="now"/>. <paramref name="keepLease"/> is asked before each batch of issues
    /// and may renew the lease; when it answers false the sweep stops (another instance took over).
    /// </summary>
    public async Task<ReminderSweepResult> RunAsync(DateTimeOffset now, Func<CancellationToken, Task<bool>>? keepLease,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var today = ParisTime.DateOf(now);
        var lastCompleted = await marker.GetLastCompletedAsync(cancellationToken);
        var days = ReminderScheduler.SweepDays(now, settings.CatchUpDays, lastCompleted, settings.MaxOutageDays);
        if (days.Count > settings.CatchUpDays + 1)
        {
            LogWidened(logger, days.Count, days[0]);
        }
        var due = new List<DueReminder>();
        foreach (var chunk in days.Chunk(DueDayIndex.MaxDaysPerQuery))
        {
            due.AddRange(await index.ListAsync(chunk, cancellationToken));
        }
        due.RemoveAll(e => e.DueAt > now);

        var groups = due.GroupBy(e => (e.SectorId, e.Number)).Select(g => (IReadOnlyList<DueReminder>)g.ToList()).ToList();
        var handled = new List<Handled>(groups.Count);
        var leaseLost = false;
        foreach (var batch in groups.Chunk(BatchSize))
        {
            if (keepLease is not null && !await keepLease(cancellationToken))
            {
                // Another instance took the lease: it sweeps what is left.
                LogLeaseLost(logger);
                leaseLost = true;
                break;
            }
            handled.AddRange(await HandleBatchAsync(batch, now, cancellationToken));
        }

        var result = new ReminderSweepResult(true, due.Count,
            [.. handled.Where(h => h.Outcome == Outcome.Sent).Select(h => h.Key!)],
            handled.Count(h => h.Outcome == Outcome.Dropped),
            handled.Count(h => h.Outcome == Outcome.WaitingForThread),
            handled.Count(h => h.Outcome == Outcome.Failed))
        {
            BreachesEnqueued = [.. handled.Select(h => h.BreachKey).OfType<string>()],
        };
        // Complete: every entry up to today was handled or deliberately kept; later outages widen from here.
        if (!leaseLost && result.Failed == 0 && lastCompleted != today)
        {
            await marker.SetLastCompletedAsync(today, cancellationToken);
        }
        return result;
    }

    private enum Outcome { Sent, AlreadySent, Dropped, WaitingForThread, Failed }

    private readonly record struct Handled(Outcome Outcome, string? Key = null, string? BreachKey = null);

    /// <summary>What the sweep does for one issue, decided from its row and timeline before anything is written.</summary>
    private sealed class Plan(IReadOnlyList<DueReminder> entries)
    {
        public IReadOnlyList<DueReminder> Entries { get; } = entries;
        public Outcome Outcome { get; set; } = Outcome.Dropped;
        public string? Key { get; set; }
        public PlannedReminder? Reminder { get; set; }
        public string? ReminderKey => Reminder?.Key;
        public ThreadReply? Reply { get; set; }
        public IssueEvent? Sent { get; set; }
        public DueReminder? Next { get; set; }
        public (string Key, UserAddress Commissioner, Activity Message)? Breach { get; set; }
        public bool BreachAdded { get; set; }

        /// <summary>Whether the entries are removed (and the next one written) at the end of the batch.</summary>
        public bool Settles => Outcome is not (Outcome.Failed or Outcome.WaitingForThread);

        public Handled Result => new(Outcome, Outcome == Outcome.Sent ? Key : null, BreachAdded && Outcome != Outcome.Failed ? Breach?.Key : null);
    }

    private async Task<IEnumerable<Handled>> HandleBatchAsync(IReadOnlyList<IReadOnlyList<DueReminder>> batch, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var plans = batch.Select(entries => new Plan(entries)).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.SweepParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(plans, parallel, async (plan, ct) =>
            await GuardAsync(plan, () => DecideAsync(plan, now, ct), ct));

        // Enqueue: a storage failure here fails the whole batch; its entries stay for the next sweep.
        var sending = plans.Where(p => p.Reply is not null && p.Settles).ToList();
        if (sending.Count > 0)
        {
            try
            {
                var added = await sender.ReplyInThreadsAsync([.. sending.Select(p => p.Reply!)], cancellationToken);
                for (var i = 0; i < sending.Count; i++)
                {
                    sending[i].Outcome = added[i] ? Outcome.Sent : Outcome.AlreadySent;
                    LogReminder(logger, sending[i].Entries[0].Number.ToString(), sending[i].ReminderKey!, added[i]);
                    metrics.ReminderSent(sending[i].Reminder!, isNew: added[i]);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Fail(sending, ex);
            }
        }

        // Breaches: one personal message to the commissioner per issue and clock, the outbox key making a retry a no-op.
        foreach (var plan in plans.Where(p => p.Breach is not null && p.Settles))
        {
            await GuardAsync(plan, async () => plan.BreachAdded = await sender.SendToUserAsync(plan.Breach!.Value.Key,
                plan.Breach.Value.Commissioner, plan.Breach.Value.Message, cancellationToken: cancellationToken), cancellationToken);
        }

        // Recorded even when an earlier attempt enqueued it: the event id makes this append idempotent. The issue rows
        // get their last reminder at the same time, one merge per sector and hundred issues.
        var recording = plans.Where(p => p.Sent is not null && p.Settles).ToList();
        await Task.WhenAll(recording
            .Select(plan => GuardAsync(plan, () => events.AppendAsync(plan.Sent!, cancellationToken), cancellationToken))
            .Concat(recording.GroupBy(p => p.Entries[0].SectorId).Select(sector => GuardAllAsync(sector.ToList(),
                () => reminderLog.RecordLastRemindersAsync(sector.Key,
                    [.. sector.Select(p => (p.Entries[0].Number, new SentReminder(p.ReminderKey!, p.Sent!.OccurredAt)))], cancellationToken),
                cancellationToken))));

        // Plan next, then remove: a failure leaves the entries (and maybe the next ones) for the next sweep.
        var settling = plans.Where(p => p.Settles).ToList();
        try
        {
            await index.ReplaceAsync([.. settling.Select(p => p.Next).OfType<DueReminder>()], [.. settling.SelectMany(p => p.Entries)], cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(settling, ex);
        }
        return plans.Select(p => p.Result);
    }

    private async Task DecideAsync(Plan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var first = plan.Entries[0];
        if (await issues.GetAsync(first.SectorId, first.Number, cancellationToken) is not { } stored)
        {
            // Transferred (its new sector has its own entry) or deleted: only the entries go.
            return;
        }
        var issue = stored.Issue;
        // The clock and the last reminder are on the issue row; only a row stored before they were needs its timeline.
        var (clock, lastReminder) = issue.Clock is { } facts
            ? (facts.ToResponseClock(issue.CreatedAt, mapper.DelayOf(issue)), issue.LastReminder)
            : await FromTimelineAsync(issue, cancellationToken);
        var from = plan.Entries.Min(e => e.DueAt) - TimeSpan.FromTicks(1);
        if (planner.DueBetween(clock, from, now) is [.., var reminder])
        {
            if (issue.Thread is not { } thread)
            {
                LogNoThread(logger, issue.Number.ToString());
                plan.Outcome = Outcome.WaitingForThread;
                return;
            }
            if (RemindedOnOtherKeyToday(lastReminder, reminder, now))
            {
                plan.Outcome = Outcome.AlreadySent;
            }
            else
            {
                plan.Reply = Reply(issue, thread, clock, reminder, now);
                plan.Key = plan.Reply.IdempotencyKey;
                plan.Reminder = reminder;
                plan.Sent = ReminderSentEvent.For(issue, reminder, now);
            }
        }
        if (planner.BreachOf(clock, now) is { } breach && breach.DueAt > from && breach.DueAt <= now)
        {
            plan.Breach = (OutboxKeys.Breach(issue.Number, breach.Key), new UserAddress(directory.TenantId, directory.CommissionerObjectId),
                BreachMessage.Build(issue, ResponseDeadline.StatusAt(clock, now), directory));
        }
        plan.Next = scheduler.NextEntry(issue, clock, now);
    }

    private async Task<(ResponseClock Clock, SentReminder? LastReminder)> FromTimelineAsync(Issue issue, CancellationToken cancellationToken)
    {
        var timeline = await events.ListAsync(issue.Number, partnerVisibleOnly: false, cancellationToken);
        return (ResponseClocks.FromTimeline(issue, timeline, mapper.DelayOf(issue)), issue.LastReminder ?? IssueClock.LastReminderOf(timeline));
    }

    private ThreadReply Reply(Issue issue, ChannelThread thread, ResponseClock clock, PlannedReminder reminder, DateTimeOffset now)
    {
        var sector = directory.FindSector(issue.SectorId)
            ?? throw new InvalidOperationException($"Sector {issue.SectorId} is not in the directory.");
        var message = ReminderMessage.Build(issue, reminder, ResponseDeadline.StatusAt(clock, now), directory, options.Value.MentionDeputy);
        return new ThreadReply(OutboxKeys.Reminder(issue.Number, reminder.Key), ChannelAddress.Of(directory, sector), thread.ConversationId, thread.RootActivityId,
            message, new ProactiveSendOptions
            {
                FailureAlert = $"La relance {reminder.Key} du signalement {issue.Number} n'a pas pu être publiée dans le canal du secteur {sector.Name} : "
                    + "le bot a peut-être été retiré de l'équipe ou le fil supprimé. Réinstallez le bot dans l'équipe et prévenez le référent.",
            });
    }

    /// <summary>Runs one issue's step; a storage failure marks that issue failed (its entries stay for the next sweep).</summary>
    private Task GuardAsync(Plan plan, Func<Task> step, CancellationToken cancellationToken) => GuardAllAsync([plan], step, cancellationToken);

    /// <summary>Runs a step shared by several issues; a storage failure marks them all failed.</summary>
    private async Task GuardAllAsync(IReadOnlyList<Plan> plans, Func<Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(plans, ex);
        }
    }

    private void Fail(IEnumerable<Plan> plans, Exception ex)
    {
        foreach (var plan in plans.Where(p => p.Outcome != Outcome.Failed))
        {
            plan.Outcome = Outcome.Failed;
            LogIssueFailed(logger, ex, plan.Entries[0].Number.ToString(), ex.GetType().Name);
        }
    }

    /// <summary>Keeps "one reminder per issue per day" across replans: another reminder already posted today wins.</summary>
    private static bool RemindedOnOtherKeyToday(SentReminder? last, PlannedReminder reminder, DateTimeOffset now) =>
        last is not null && ParisTime.DateOf(last.At) == ParisTime.DateOf(now) && last.Key != reminder.Key;

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder {ReminderKey} of issue {IssueNumber} enqueued (new: {Added})")]
    private static partial void LogReminder(ILogger logger, string issueNumber, string reminderKey, bool added);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue {IssueNumber} has a reminder due but no thread yet; kept for the next sweep")]
    private static partial void LogNoThread(ILogger logger, string issueNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder of issue {IssueNumber} failed ({ErrorType}); retried at the next sweep")]
    private static partial void LogIssueFailed(ILogger logger, Exception exception, string issueNumber, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Last completed reminder sweep older than the catch-up window: this sweep reads {Days} days from {FirstDay}")]
    private static partial void LogWidened(ILogger logger, int days, DateOnly firstDay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder sweep lease lost; stopping this sweep")]
    private static partial void LogLeaseLost(ILogger logger);
}
