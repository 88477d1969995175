namespace SecuriteQuotidien.Domain.Reminders;

/// <summary>Why a reminder is sent.</summary>
public enum ReminderKind
{
    /// <summary>Before the deadline (at 50 %, 75 % and 90 % of the delay by default: J+15, J+23, J+27 for 30 days).</summary>
    Upcoming,

    /// <summary>The deadline reminder (J+delay: J+30 for 30 days); also goes to the commissioner's digest.</summary>
    Deadline,

    /// <summary>Repeated while overdue (every 7 days by default).</summary>
    Overdue,

    /// <summary>
    /// The deadline was missed: told once to the commissioner in his personal chat (never in a channel), on the first
    /// working day after the deadline; not part of the thread reminders' plan (see <see cref="ReminderPlanner.BreachOf"/>).
    /// </summary>
    Breach,
}

/// <summary>One reminder of an issue's plan.</summary>
/// <param name="Key">
/// Stable identifier within the issue, usable as an idempotency key: "J15", "J23", "J27", "J30" for
/// upcoming and deadline reminders, "R37", "R44"... for overdue repeats (the number is the clock-day
/// offset). After a reopening the key is prefixed with the clock number: "C2-J15". Contains no
/// character forbidden in Azure Table keys.
/// </param>
/// <param name="Kind">Upcoming, deadline or overdue.</param>
/// <param name="OffsetDays">Clock days after the clock's start this reminder stands for.</param>
/// <param name="DueDate">The Paris working day on which it is sent.</param>
/// <param name="DueAt">The instant it is due (send time on <paramref name="DueDate"/>, Paris), in UTC.</param>
public sealed record PlannedReminder(string Key, ReminderKind Kind, int OffsetDays, DateOnly DueDate, DateTimeOffset DueAt)
{
    /// <summary>The deadline reminder is also reported in the commissioner's digest.</summary>
    public bool IncludeInCommissionerDigest => Kind == ReminderKind.Deadline;
}
