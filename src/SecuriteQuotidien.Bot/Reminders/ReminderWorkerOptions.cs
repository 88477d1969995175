using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.Reminders;

/// <summary>
/// How the reminder worker runs. Bound from the same section as the schedule
/// (<see cref="Domain.Reminders.ReminderScheduleOptions.SectionName"/>, "Reminders").
/// </summary>
public sealed class ReminderWorkerOptions
{
    /// <summary>Whether this instance runs the periodic sweep (tests and tools turn it off and sweep by hand).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two sweeps (default 1 minute).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many days before today the sweep still reads (default 7): a restart or an outage shorter
    /// than this delays reminders without dropping them. Each day is one partition query.
    /// </summary>
    [Range(0, 60)]
    public int CatchUpDays { get; set; } = 7;

    /// <summary>
    /// Issues read at once by a sweep (default 32): each costs one point read (the issue row), so a day with
    /// hundreds of reminders is bound by latency, not by CPU. The writes go by batches of
    /// <see cref="ReminderSweep.BatchSize"/> issues.
    /// </summary>
    [Range(1, 64)]
    public int SweepParallelism { get; set; } = 32;

    /// <summary>
    /// How far back the first sweep after a long outage reads (default 366 days): when the last completed
    /// sweep is older than <see cref="CatchUpDays"/>, the sweep reads from that day, within this bound.
    /// </summary>
    [Range(1, 3660)]
    public int MaxOutageDays { get; set; } = 366;

    /// <summary>Whether reminders also @mention the sector's deputy (default true).</summary>
    public bool MentionDeputy { get; set; } = true;

    /// <summary>The sweep lease lasts this many intervals, renewed while sweeping (a dead holder is replaced after it).</summary>
    public const int LeaseIntervals = 3;

    public TimeSpan LeaseDuration => SweepInterval * LeaseIntervals;
}
