using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;

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
    public static ReminderSweepResult NotLeader { get; } = new(false, 0, [], 0, 0, 0);
}

/// <summary>
/// One pass over the due-day index: reads today's partition and the catch-up days before it, and
/// for each issue with an entry due, re-checks the reminder against the current clock, posts it in
/// the issue's thread through the outbox (key "reminder:{number}:{key}"), records it on the
/// timeline, then plans the next one before removing the entries handled.
/// </summary>
/// <remarks>
/// If several reminders of one issue are due at once (a sweep missed for days), only the most urgent
/// is posted: at most one reminder per issue per day. The order "enqueue, record, plan next, remove"
/// means a crash at any point leaves the entry in the index, and the retry is a no-op in the outbox.
/// </remarks>
public sealed partial class ReminderSweep(
    IDueDayIndex index,
    IIssueRepository issues,
    IIssueEventRepository events,
    ResponseClockMapper mapper,
    ReminderPlanner planner,
    ReminderScheduler scheduler,
    IProactiveSender sender,
    IDirectory directory,
    IOptions<ReminderWorkerOptions> options,
    ILogger<ReminderSweep> logger)
{
    /// <summary>The actor of the "reminder sent" timeline events.</summary>
    public const string Actor = "bot";

    public static string OutboxKey(IssueNumber number, string reminderKey) => $"reminder:{number}:{reminderKey}";

    /// <summary>
    /// Sweeps as of <paramref name="now"/>. <paramref name="keepLease"/> is asked before each issue and
    /// may renew the lease; when it answers false the sweep stops (another instance took over).
    /// </summary>
    public async Task<ReminderSweepResult> RunAsync(DateTimeOffset now, Func<CancellationToken, Task<bool>>? keepLease,
        CancellationToken cancellationToken)
    {
        var days = ReminderScheduler.SweepDays(now, options.Value.CatchUpDays);
        var due = (await index.ListAsync(days, cancellationToken)).Where(e => e.DueAt <= now).ToList();
        var enqueued = new List<string>();
        int dropped = 0, waiting = 0, failed = 0;
        foreach (var entries in due.GroupBy(e => (e.SectorId, e.Number)))
        {
            if (keepLease is not null && !await keepLease(cancellationToken))
            {
                LogLeaseLost(logger);
                break;
            }
            try
            {
                switch (await HandleIssueAsync([.. entries], now, cancellationToken))
                {
                    case { Outcome: Outcome.Sent, Key: { } key }:
                        enqueued.Add(key);
                        break;
                    case { Outcome: Outcome.Dropped }:
                        dropped++;
                        break;
                    case { Outcome: Outcome.WaitingForThread }:
                        waiting++;
                        break;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Storage or outbox outage: the entries stay, the next sweep retries.
                failed++;
                LogIssueFailed(logger, ex, entries.Key.Number.ToString(), ex.GetType().Name);
            }
        }
        return new ReminderSweepResult(true, due.Count, enqueued, dropped, waiting, failed);
    }

    private enum Outcome { Sent, AlreadySent, Dropped, WaitingForThread }

    private readonly record struct Handled(Outcome Outcome, string? Key = null);

    private async Task<Handled> HandleIssueAsync(IReadOnlyList<DueReminder> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var first = entries[0];
        var stored = await issues.GetAsync(first.SectorId, first.Number, cancellationToken);
        if (stored is null)
        {
            // Transferred (its new sector has its own entry) or deleted.
            await RemoveAsync(entries, cancellationToken);
            return new Handled(Outcome.Dropped);
        }
        var issue = stored.Issue;
        var (clock, timeline) = await mapper.LoadAsync(issue, cancellationToken);
        var from = entries.Min(e => e.DueAt) - TimeSpan.FromTicks(1);
        var result = new Handled(Outcome.Dropped);
        if (planner.DueBetween(clock, from, now) is [.., var reminder])
        {
            if (issue.Thread is not { } thread)
            {
                LogNoThread(logger, issue.Number.ToString());
                return new Handled(Outcome.WaitingForThread);
            }
            result = RemindedOnOtherKeyToday(timeline, reminder, now)
                ? new Handled(Outcome.AlreadySent)
                : await SendAsync(issue, thread, clock, reminder, now, cancellationToken);
        }
        await scheduler.ScheduleNextAsync(issue, clock, now, cancellationToken);
        await RemoveAsync(entries, cancellationToken);
        return result;
    }

    private async Task<Handled> SendAsync(Issue issue, ChannelThread thread, ResponseClock clock, PlannedReminder reminder,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sector = directory.FindSector(issue.SectorId)
            ?? throw new InvalidOperationException($"Sector {issue.SectorId} is not in the directory.");
        var key = OutboxKey(issue.Number, reminder.Key);
        var message = ReminderMessage.Build(issue, reminder, ResponseDeadline.StatusAt(clock, now), directory, options.Value.MentionDeputy);
        var added = await sender.ReplyInThreadAsync(key, ChannelAddress.Of(directory, sector), thread.ConversationId, thread.RootActivityId,
            message, new ProactiveSendOptions
            {
                FailureAlert = $"La relance {reminder.Key} du signalement {issue.Number} n'a pas pu être publiée dans le canal du secteur {sector.Name} : "
                    + "le bot a peut-être été retiré de l'équipe ou le fil supprimé. Réinstallez le bot dans l'équipe et prévenez le référent.",
            }, cancellationToken);
        // Recorded even when an earlier attempt enqueued it: the event id makes this append idempotent.
        await events.AppendAsync(ReminderSentEvent.For(issue, reminder, now), cancellationToken);
        LogReminder(logger, issue.Number.ToString(), reminder.Key, added);
        return new Handled(added ? Outcome.Sent : Outcome.AlreadySent, added ? key : null);
    }

    /// <summary>Keeps "one reminder per issue per day" across replans: another reminder already recorded today wins.</summary>
    private static bool RemindedOnOtherKeyToday(IReadOnlyList<IssueEvent> timeline, PlannedReminder reminder, DateTimeOffset now)
    {
        var today = ParisTime.DateOf(now);
        return timeline.Any(e => e.Kind == IssueEventKind.ReminderSent
            && ParisTime.DateOf(e.OccurredAt) == today
            && e.Id != ReminderSentEvent.IdOf(reminder.Key));
    }

    private async Task RemoveAsync(IEnumerable<DueReminder> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            await index.RemoveAsync(entry, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder {ReminderKey} of issue {IssueNumber} enqueued (new: {Added})")]
    private static partial void LogReminder(ILogger logger, string issueNumber, string reminderKey, bool added);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue {IssueNumber} has a reminder due but no thread yet; kept for the next sweep")]
    private static partial void LogNoThread(ILogger logger, string issueNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder of issue {IssueNumber} failed ({ErrorType}); retried at the next sweep")]
    private static partial void LogIssueFailed(ILogger logger, Exception exception, string issueNumber, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder sweep lease lost; stopping this sweep")]
    private static partial void LogLeaseLost(ILogger logger);
}
