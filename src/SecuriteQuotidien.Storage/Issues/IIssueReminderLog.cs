using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// Where the reminder sweep records, on each issue row, the last reminder it posted (<see cref="Issue.LastReminder"/>),
/// so that its next pass knows it without reading the timeline. Only those two columns are merged, without an ETag:
/// the sweep (one instance at a time, under its lease) is their only writer, and a concurrent change of the issue keeps
/// its own columns (a change that read the row before the merge fails its ETag check and re-reads).
/// </summary>
public interface IIssueReminderLog
{
    /// <summary>
    /// Merges the reminders of issues of one sector, 100 per transaction. An issue no longer in the sector (transferred)
    /// is skipped. Idempotent.
    /// </summary>
    Task RecordLastRemindersAsync(string sectorId, IReadOnlyList<(IssueNumber Number, SentReminder Reminder)> reminders,
        CancellationToken cancellationToken);
}
