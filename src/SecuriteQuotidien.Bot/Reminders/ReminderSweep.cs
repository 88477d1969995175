using Microsoft.Extensions.Options;
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
/// is posted: at most one reminder per issue per day. The order "enqueue, record, plan next, remove"
/// means a crash at any point leaves the entry in the index, and the retry is a no-op in the outbox.
/// </remarks>
public sealed partial class ReminderSweep(
    IDueDayIndex index,
    DueDaySweepMarker marker,
    IIssueRepository issues,
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

    public static string OutboxKey(IssueNumber number, string reminderKey) => $"reminder:{number}:{reminderKey}";

    /// <summary>
    /// Sweeps as of <paramref name="now"/>. <paramref name="keepLease"/> is asked before each issue and
    /// may renew the lease; when it answers false the sweep stops (another instance took over).
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

        // Issues are independent: handled concurrently, each in the order "enqueue, record, plan next, remove".
        var groups = due.GroupBy(e => (e.SectorId, e.Number)).Select(g => g.ToList()).ToList();
        var outcomes = new Handled?[groups.Count];
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var leaseCheck = new SemaphoreSlim(1, 1);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.SweepParallelism, CancellationToken = leaseLost.Token };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, groups.Count), parallel, async (i, ct) =>
            {
                if (keepLease is not null && !await KeepLeaseAsync(keepLease, leaseCheck, ct))
                {
                    LogLeaseLost(logger);
                    await leaseLost.CancelAsync();
                    return;
                }
                try
                {
                    outcomes[i] = await HandleIssueAsync(groups[i], now, ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // Storage or outbox outage: the entries stay, the next sweep retries.
                    outcomes[i] = new Handled(Outcome.Failed);
                    LogIssueFailed(logger, ex, groups[i][0].Number.ToString(), ex.GetType().Name);
                }
            });
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Another instance took the lease: it sweeps what is left.
        }

        var handled = outcomes.OfType<Handled>().ToList();
        var result = new ReminderSweepResult(true, due.Count,
            [.. handled.Where(h => h.Outcome == Outcome.Sent).Select(h => h.Key!)],
            handled.Count(h => h.Outcome == Outcome.Dropped),
            handled.Count(h => h.Outcome == Outcome.WaitingForThread),
            handled.Count(h => h.Outcome == Outcome.Failed));
        // Complete: every entry up to today was handled or deliberately kept; later outages widen from here.
        if (!leaseLost.IsCancellationRequested && result.Failed == 0 && lastCompleted != today)
        {
            await marker.SetLastCompletedAsync(today, cancellationToken);
        }
        return result;
    }

    private static async Task<bool> KeepLeaseAsync(Func<CancellationToken, Task<bool>> keepLease, SemaphoreSlim oneAtATime, CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await keepLease(cancellationToken);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private enum Outcome { Sent, AlreadySent, Dropped, WaitingForThread, Failed }

    private readonly record struct Handled(Outcome Outcome, string? Key = null);

    private async Task<Handled> HandleIssueAsync(IReadOnlyList<DueReminder> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var first = entries[0];
        // The issue row and its timeline are independent reads: one round trip instead of two.
        var reading = issues.GetAsync(first.SectorId, first.Number, cancellationToken);
        var timelineReading = events.ListAsync(first.Number, partnerVisibleOnly: false, cancellationToken);
        await Task.WhenAll(reading, timelineReading);
        if (await reading is not { } stored)
        {
            // Transferred (its new sector has its own entry) or deleted.
            await RemoveAsync(entries, cancellationToken);
            return new Handled(Outcome.Dropped);
        }
        var issue = stored.Issue;
        var timeline = await timelineReading;
        var clock = ResponseClockMapper.Map(issue, timeline, mapper.DelayOf(issue));
        var from = entries.Min(e => e.DueAt) - TimeSpan.FromTicks(1);
        var result = new Handled(Outcome.Dropped);
        IssueEvent? sent = null;
        if (planner.DueBetween(clock, from, now) is [.., var reminder])
        {
            if (issue.Thread is not { } thread)
            {
                LogNoThread(logger, issue.Number.ToString());
                return new Handled(Outcome.WaitingForThread);
            }
            if (RemindedOnOtherKeyToday(timeline, reminder, now))
            {
                result = new Handled(Outcome.AlreadySent);
            }
            else
            {
                result = await SendAsync(issue, thread, clock, reminder, now, cancellationToken);
                // Recorded even when an earlier attempt enqueued it: the event id makes this append idempotent.
                sent = ReminderSentEvent.For(issue, reminder, now);
            }
        }
        // Recording and planning the next one are independent and idempotent; removal comes last, so a
        // failure of either leaves the entry for the next sweep.
        await Task.WhenAll(
            sent is null ? Task.CompletedTask : events.AppendAsync(sent, cancellationToken),
            scheduler.ScheduleNextAsync(issue, clock, now, cancellationToken));
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
        LogReminder(logger, issue.Number.ToString(), reminder.Key, added);
        metrics.ReminderSent(reminder, isNew: added);
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

    private Task RemoveAsync(IEnumerable<DueReminder> entries, CancellationToken cancellationToken) =>
        Task.WhenAll(entries.Select(entry => index.RemoveAsync(entry, cancellationToken)));

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
