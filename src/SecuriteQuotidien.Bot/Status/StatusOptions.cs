using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>Configuration section <c>Status</c>: how the status commands load issues.</summary>
public sealed class StatusOptions
{
    public const string SectionName = "Status";

    /// <summary>
    /// Most timelines an export reads (issues stored before their clock was kept on the issue row, see
    /// <see cref="StatusIssueSource"/>); beyond it the remaining ones are described from their fields only.
    /// </summary>
    [Range(0, 100_000)]
    public int MaxTimelineReads { get; set; } = 100;

    /// <summary>
    /// Whether this instance runs the status totals' background work (<see cref="StatusTotalsWorker"/>): at start, build the
    /// totals of sectors that have none; then apply changes an instance left unapplied when it stopped, and once a day
    /// reconcile every issue with the totals. Default true (tests turn it off; the changes of an instance are applied
    /// by the instance itself either way).
    /// </summary>
    public bool TotalsWorkerEnabled { get; set; } = true;

    /// <summary>How often unapplied changes are looked for (default 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan TotalsRecoveryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A change is taken for lost once its marker is this old (default 2 minutes; its instance applies it within seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TotalsRecoveryGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often every issue is compared with the totals (default one day; one instance, under a lease).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TotalsReconcileInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Timelines read at once.</summary>
    [Range(1, 256)]
    public int TimelineConcurrency { get; set; } = 32;

    /// <summary>Most issues listed in the « en retard » and « échéances » cards (the count is always given).</summary>
    [Range(1, 200)]
    public int MaxListedIssues { get; set; } = 25;
}

/// <summary>Configuration section <c>Digest</c>: the weekly digest by proactive message.</summary>
public sealed class DigestOptions
{
    public const string SectionName = "Digest";

    /// <summary>Whether the hosted service sends the digest (the sweep can still be called, e.g. by tests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The day it is sent, Europe/Paris (the department's time zone).</summary>
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    /// <summary>The local time it is sent from.</summary>
    public TimeOnly Time { get; set; } = new(8, 0);

    /// <summary>Send the department's digest to the commissioner's personal chat.</summary>
    public bool ToCommissioner { get; set; } = true;

    /// <summary>Send each sector channel its own digest (a new post in the channel).</summary>
    public bool ToSectorChannels { get; set; } = true;

    /// <summary>A digest not sent within this delay after its time (bot stopped) is skipped rather than sent late.</summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often the hosted service checks whether a digest is due.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The lease an instance holds while it prepares the digests.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);
}
