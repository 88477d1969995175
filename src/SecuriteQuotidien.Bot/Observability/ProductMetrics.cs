using System.Diagnostics.Metrics;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.BotFramework.Connector;
using SecuriteQuotidien.Domain.Reminders;

namespace SecuriteQuotidien.Bot.Observability;

/// <summary>
/// The product's own counters, on the meter <see cref="MeterName"/>. Tags carry sectors, steps and
/// failure kinds, never a person. With no listener (no Azure Monitor, tests without one) an
/// <c>Add</c> returns at once without allocating.
/// </summary>
public sealed class ProductMetrics
{
    public const string MeterName = "SecuriteQuotidien";

    public static class Names
    {
        public const string ReportsSubmitted = "sq.reports.submitted";
        public const string OutboxSent = "sq.outbox.sent";
        public const string OutboxFailed = "sq.outbox.failed";
        public const string OutboxThrottled = "sq.outbox.throttled";
        public const string OutboxRetried = "sq.outbox.retried";
        public const string RemindersSent = "sq.reminders.sent";
    }

    public static class Tags
    {
        public const string Sector = "sector";
        public const string Mode = "mode";
        public const string Failure = "failure";
        public const string Step = "step";
    }

    private readonly Counter<long> _reportsSubmitted;
    private readonly Counter<long> _outboxSent;
    private readonly Counter<long> _outboxFailed;
    private readonly Counter<long> _outboxThrottled;
    private readonly Counter<long> _outboxRetried;
    private readonly Counter<long> _remindersSent;

    public ProductMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _reportsSubmitted = meter.CreateCounter<long>(Names.ReportsSubmitted, "{report}", "Reports submitted by partners, per sector.");
        _outboxSent = meter.CreateCounter<long>(Names.OutboxSent, "{message}", "Proactive messages the outbox delivered to Teams, per mode.");
        _outboxFailed = meter.CreateCounter<long>(Names.OutboxFailed, "{message}", "Proactive messages the outbox gave up on, per kind of failure.");
        _outboxThrottled = meter.CreateCounter<long>(Names.OutboxThrottled, "{message}", "Proactive sends Teams answered 429 (rescheduled), per mode.");
        _outboxRetried = meter.CreateCounter<long>(Names.OutboxRetried, "{message}", "Proactive sends rescheduled after a transient failure, per kind of failure.");
        _remindersSent = meter.CreateCounter<long>(Names.RemindersSent, "{reminder}", "Reminders handed to the outbox, per step (the clock-day offset: J15, J23, J27, J30 for 30 days; overdue).");
    }

    /// <summary>Counts a report once: <paramref name="isNew"/> is false when a retried submit found it stored.</summary>
    public void ReportSubmitted(string sectorId, bool isNew)
    {
        if (isNew)
        {
            _reportsSubmitted.Add(1, new KeyValuePair<string, object?>(Tags.Sector, sectorId));
        }
    }

    public void OutboxSent(DeliveryMode mode) => _outboxSent.Add(1, new KeyValuePair<string, object?>(Tags.Mode, ModeName(mode)));

    /// <summary><paramref name="failure"/>: a <see cref="ConnectorFailureKind"/> name or one of <see cref="OutboxFailures"/>.</summary>
    public void OutboxFailed(string failure) => _outboxFailed.Add(1, new KeyValuePair<string, object?>(Tags.Failure, failure));

    public void OutboxRetried(ConnectorException failure, DeliveryMode mode)
    {
        if (failure.Kind == ConnectorFailureKind.Throttled)
        {
            _outboxThrottled.Add(1, new KeyValuePair<string, object?>(Tags.Mode, ModeName(mode)));
        }
        _outboxRetried.Add(1, new KeyValuePair<string, object?>(Tags.Failure, failure.Kind.ToString()));
    }

    /// <summary>Counts a reminder once: <paramref name="isNew"/> is false when the outbox already had it.</summary>
    public void ReminderSent(PlannedReminder reminder, bool isNew)
    {
        if (isNew)
        {
            _remindersSent.Add(1, new KeyValuePair<string, object?>(Tags.Step, StepOf(reminder)));
        }
    }

    /// <summary>Overdue repeats (R37, R44...) share one tag value so the series stay few.</summary>
    internal static string StepOf(PlannedReminder reminder) =>
        reminder.Kind == ReminderKind.Overdue ? "overdue" : reminder.Kind == ReminderKind.Breach ? "breach" : "J" + reminder.OffsetDays.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Enum.ToString is cached by the runtime, but a switch keeps the tag values explicit and stable.
    private static string ModeName(DeliveryMode mode) => mode switch
    {
        DeliveryMode.NewThread => "new_thread",
        DeliveryMode.Send => "send",
        DeliveryMode.Reply => "reply",
        DeliveryMode.Update => "update",
        _ => "other",
    };
}

/// <summary>Failure tag values of <c>sq.outbox.failed</c> that are not a connector answer.</summary>
public static class OutboxFailures
{
    public const string Unreadable = "unreadable";
    public const string Undeliverable = "undeliverable";
    public const string Abandoned = "abandoned";
}
