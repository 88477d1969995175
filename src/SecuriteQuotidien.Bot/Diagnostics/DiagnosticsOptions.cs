using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>
/// How the diagnostics feature runs (section <c>Diagnostics</c>). The thresholds and the evaluation menu are
/// department data (department file <c>diagnostics</c> and <c>evaluation</c>), not configuration of the host.
/// </summary>
public sealed class DiagnosticsOptions
{
    public const string SectionName = "Diagnostics";

    /// <summary>Whether this instance runs the periodic sweep (hotspot suggestions, action reminders). Tests sweep by hand.</summary>
    public bool SweepEnabled { get; set; } = true;

    /// <summary>Time between two sweeps (default 1 hour: suggestions and reminders are daily matters).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far back the opening form lists the sector's issues (default 90 days).</summary>
    [Range(1, 3660)]
    public int RecentIssueDays { get; set; } = 90;

    /// <summary>At most this many issues offered in the opening form (default 30; pre-selected ones always are).</summary>
    [Range(1, 100)]
    public int MaxCandidateIssues { get; set; } = 30;

    /// <summary>The sweep lease lasts this many intervals at most (and at least 5 minutes).</summary>
    public TimeSpan LeaseDuration => SweepInterval * 3 < TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : SweepInterval * 3;
}
