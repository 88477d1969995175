using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Turns.Ports;

/// <summary>
/// Keeps an issue's next reminder in the due-day index. Called after every change that moves the
/// 30-day clock (creation, targeted response, pause, resume, transfer, closure, reopening).
/// Idempotent: calling it twice for the same state leaves one index entry.
/// </summary>
public interface IReminderScheduler
{
    Task RescheduleAsync(Issue issue, CancellationToken cancellationToken);

    /// <summary>
    /// For an issue just created: its timeline is only the creation, so the first reminder is planned
    /// without reading it (one index write, nothing read).
    /// </summary>
    Task ScheduleNewAsync(Issue issue, CancellationToken cancellationToken);
}
