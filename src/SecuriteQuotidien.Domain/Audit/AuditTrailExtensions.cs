using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Domain.Audit;

/// <summary>The audit calls of the features, in one line each.</summary>
public static class AuditTrailExtensions
{
    /// <summary>
    /// Records that <paramref name="actorObjectId"/> read <paramref name="issue"/> (e.g. through the root card's
    /// <paramref name="verb"/>). Nothing is recorded for the issue's own reporter or an unidentified reader.
    /// </summary>
    public static Task RecordIssueReadAsync(this IAuditTrail trail, string? actorObjectId, Issue issue, string verb, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        if (string.IsNullOrWhiteSpace(actorObjectId) || string.Equals(actorObjectId, issue.Reporter.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            return Task.CompletedTask;
        }
        return trail.RecordAsync(new AuditEvent
        {
            ActorObjectId = actorObjectId,
            Action = AuditAction.IssueRead,
            OccurredAt = at,
            IssueNumber = issue.Number.ToString(),
            Scope = issue.SectorId,
            Detail = verb,
        }, cancellationToken);
    }

    /// <summary>Records a query or an export by <paramref name="actorObjectId"/> over <paramref name="scope"/>.</summary>
    public static Task RecordAsync(this IAuditTrail trail, string actorObjectId, AuditAction action, DateTimeOffset at, string? scope,
        string? detail, CancellationToken cancellationToken) =>
        trail.RecordAsync(new AuditEvent
        {
            ActorObjectId = actorObjectId,
            Action = action,
            OccurredAt = at,
            Scope = scope,
            Detail = detail,
        }, cancellationToken);
}
