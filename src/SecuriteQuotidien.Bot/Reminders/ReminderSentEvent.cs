using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Bot.Reminders;

/// <summary>
/// The timeline event recorded when a reminder is enqueued. Its payload "J30;Deadline" names the
/// reminder and its kind; the deadline reminder is the one the commissioner's digest lists
/// (<see cref="IsForCommissionerDigest"/>).
/// </summary>
public static class ReminderSentEvent
{
    public static string IdOf(string reminderKey) => SentReminder.EventIdPrefix + reminderKey;

    public static IssueEvent For(Issue issue, PlannedReminder reminder, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(reminder);
        return issue.EventOf(IssueEventKind.ReminderSent, ReminderSweep.Actor, at, EventVisibility.PoliceOnly, $"{reminder.Key};{reminder.Kind}")
            with { Id = IdOf(reminder.Key) };
    }

    /// <summary>The reminder key and kind of a "reminder sent" event; null for any other event.</summary>
    public static (string Key, ReminderKind Kind)? Read(IssueEvent issueEvent)
    {
        ArgumentNullException.ThrowIfNull(issueEvent);
        if (issueEvent.Kind != IssueEventKind.ReminderSent || issueEvent.Payload?.Split(';') is not [var key, var kind]
            || !Enum.TryParse<ReminderKind>(kind, out var parsed))
        {
            return null;
        }
        return (key, parsed);
    }

    /// <summary>Whether the event is a deadline reminder, for the commissioner's digest.</summary>
    public static bool IsForCommissionerDigest(IssueEvent issueEvent) => Read(issueEvent) is { Kind: ReminderKind.Deadline };
}
