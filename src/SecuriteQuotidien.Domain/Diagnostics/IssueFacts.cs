using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>
/// What the diagnostics features need to know of one issue, in local (department) dates: hotspot
/// detection, the pre-filled constat, evaluation counts and the meeting agenda all read this shape.
/// </summary>
public sealed record IssueFacts
{
    public required IssueNumber Number { get; init; }
    public required string SectorId { get; init; }
    public required string CategoryId { get; init; }
    /// <summary>The known site (gazetteer id), or null for a free address.</summary>
    public string? SiteId { get; init; }
    /// <summary>Local date of creation.</summary>
    public required DateOnly CreatedOn { get; init; }
    public required IssueStatus Status { get; init; }
    /// <summary>Current clock's deadline (local date).</summary>
    public required DateOnly Deadline { get; init; }
    /// <summary>Whether a targeted response was recorded on the current clock.</summary>
    public bool Answered { get; init; }
    /// <summary>Local date of closure, when closed.</summary>
    public DateOnly? ClosedOn { get; init; }
    public IssueOutcome? Outcome { get; init; }
    /// <summary>The partner's latest answer to "Le problème persiste-t-il ?", if any.</summary>
    public FollowUpAnswer? FollowUp { get; init; }
    public ChannelThread? Thread { get; init; }

    public bool IsOpen => Status != IssueStatus.Closed;

    /// <summary>Open, unanswered and past its deadline (the status commands' definition).</summary>
    public bool IsOverdue(DateOnly today) => IsOpen && !Answered && Deadline < today;

    /// <summary>
    /// The facts of an issue. <paramref name="currentDeadline"/> and <paramref name="answered"/> describe the
    /// current clock when the caller knows it (a reopened issue); by default the issue's own fields.
    /// </summary>
    public static IssueFacts From(Issue issue, TimeZoneInfo timeZone, FollowUpAnswer? followUp = null,
        DateOnly? currentDeadline = null, bool? answered = null)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(timeZone);
        return new IssueFacts
        {
            Number = issue.Number,
            SectorId = issue.SectorId,
            CategoryId = issue.CategoryId,
            SiteId = issue.Site.SiteId,
            CreatedOn = LocalDate(issue.CreatedAt, timeZone),
            Status = issue.Status,
            Deadline = currentDeadline ?? issue.Deadline,
            Answered = answered ?? issue.FirstResponseAt is not null,
            ClosedOn = issue.ClosedAt is { } closed ? LocalDate(closed, timeZone) : null,
            Outcome = issue.Outcome,
            FollowUp = followUp,
            Thread = issue.Thread,
        };
    }

    /// <summary>The facts of a status snapshot (which knows the current clock) and the issue's site.</summary>
    public static IssueFacts From(IssueSnapshot snapshot, string? siteId, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(timeZone);
        return new IssueFacts
        {
            Number = snapshot.Number,
            SectorId = snapshot.SectorId,
            CategoryId = snapshot.CategoryId,
            SiteId = siteId,
            CreatedOn = LocalDate(snapshot.CreatedAt, timeZone),
            Status = snapshot.Status,
            Deadline = snapshot.Deadline,
            Answered = snapshot.FirstResponseAt is not null,
            ClosedOn = snapshot.ClosedAt is { } closed ? LocalDate(closed, timeZone) : null,
            Outcome = snapshot.Outcome,
            FollowUp = snapshot.FollowUp?.Answer,
            Thread = snapshot.Thread,
        };
    }

    private static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, timeZone).DateTime);
}
