using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>Configuration section <c>Status</c>: how the status commands load issues.</summary>
public sealed class StatusOptions
{
    public const string SectionName = "Status";

    /// <summary>
    /// Most timelines read for one request (paused, reopened and recently closed issues, see
    /// <see cref="StatusIssueSource"/>); beyond it the remaining issues are described from their fields only.
    /// </summary>
    [Range(0, 100_000)]
    public int MaxTimelineReads { get; set; } = 100;

    /// <summary>How long sector listings and timelines are reused between requests; zero reads afresh every time.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether a background service fills the cache at start and renews it before it expires (at four fifths of
    /// <see cref="CacheDuration"/>), so that the commissioner's first « point » after a start is answered from
    /// memory (default true; tests turn it off unless they test it). Ignored when the cache is off.
    /// </summary>
    public bool WarmCache { get; set; } = true;

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
