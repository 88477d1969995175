using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Reminders;

/// <summary>
/// Keeps an issue's next reminder in the due-day index. Called after every change that moves the
/// 30-day clock (creation, targeted response, pause, resume, transfer, closure, reopening).
/// Idempotent: calling it twice for the same state leaves one index entry.
/// </summary>
public interface IReminderScheduler
{
    Task RescheduleAsync(Issue issue, CancellationToken cancellationToken);
}
