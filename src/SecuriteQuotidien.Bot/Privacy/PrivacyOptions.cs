using System.ComponentModel.DataAnnotations;

namespace SecuriteQuotidien.Bot.Privacy;

/// <summary>Limits of the administrators' personal-data commands. Section <c>Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>Most audit events listed by `audit export` (default 100); the answer says how many were left out.</summary>
    [Range(1, 500)]
    public int AuditExportMaxRows { get; set; } = 100;

    /// <summary>Most characters of the JSON sent by `données personne` (default 20,000; Teams messages stay under 28 KB).</summary>
    [Range(1_000, 24_000)]
    public int AccessRequestMaxJsonChars { get; set; } = 20_000;
}

/// <summary>How the retention worker runs. Section <c>Retention</c> (beside <see cref="Domain.Privacy.RetentionOptions"/>).</summary>
public sealed class RetentionWorkerOptions
{
    /// <summary>Whether this instance runs the periodic anonymisation and purge (tests run it by hand).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Time between two runs (default 1 hour).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan WorkerInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most issues anonymised in one run (default 500); the rest wait for the next run.</summary>
    [Range(1, 10_000)]
    public int MaxIssuesPerRun { get; set; } = 500;

    /// <summary>Most processed-activity ids, and most outbox messages, deleted in one run (default 5,000 each).</summary>
    [Range(1, 100_000)]
    public int MaxPurgedRowsPerRun { get; set; } = 5_000;

    /// <summary>How long the "retention" lease is held after a run starts, so one instance runs at a time (default 10 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);
}
