namespace SecuriteQuotidien.Domain.Audit;

/// <summary>What an audited person did. Stored by name: never renumber.</summary>
public enum AuditAction
{
    /// <summary>Someone other than its reporter read an issue (root card, its buttons and forms).</summary>
    IssueRead,
    /// <summary>A police officer masked a passage of an issue's text for the partner.</summary>
    IssueMasked,
    /// <summary>A status query (`point`, `en retard`, `échéances`).</summary>
    StatusQuery,
    /// <summary>An export of issues.</summary>
    Export,
    /// <summary>An administrator exported the audit trail itself.</summary>
    AuditExport,
    /// <summary>An administrator produced everything stored about one person (access request).</summary>
    AccessRequest,
    /// <summary>An administrator erased one person's data (erasure request).</summary>
    ErasureRequest,
    /// <summary>The retention worker anonymised issues and purged technical rows.</summary>
    RetentionPurge,
}

/// <summary>
/// One entry of the audit trail: who (Entra object id, kept as is because police administrators need it,
/// or a system actor such as "bot"), did what, on which issue or scope, when. Never free text typed by a user:
/// <see cref="Scope"/> and <see cref="Detail"/> hold identifiers, counts and fixed labels only.
/// </summary>
public sealed record AuditEvent
{
    public const string SystemActor = "bot";

    public required string ActorObjectId { get; init; }
    public required AuditAction Action { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>The issue concerned, e.g. "05-2026-0042".</summary>
    public string? IssueNumber { get; init; }
    /// <summary>What was covered: a sector id, a query kind and period, a period of the trail...</summary>
    public string? Scope { get; init; }
    /// <summary>Counts or a fixed label (e.g. the card action's verb), never user text.</summary>
    public string? Detail { get; init; }
    /// <summary>Makes a record idempotent: recording the same id at the same instant twice keeps one entry.</summary>
    public string Id { get; init; } = Guid.NewGuid().ToString("N");
}

/// <summary>A bounded read of the trail: the first events of the period in time order, and how many more there were.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Events, int LeftOut);

/// <summary>The audit trail: access to issues, status queries, exports and the handling of personal data.</summary>
public interface IAuditTrail
{
    /// <summary>Durably records the event (recording the same event again is a no-op).</summary>
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>
    /// The events of the local (Europe/Paris) days <paramref name="from"/> to <paramref name="to"/>, oldest first,
    /// at most <paramref name="max"/>; <see cref="AuditPage.LeftOut"/> counts the others.
    /// </summary>
    Task<AuditPage> ListAsync(DateOnly from, DateOnly to, int max, CancellationToken cancellationToken);
}

/// <summary>French labels of the audit actions.</summary>
public static class AuditLabels
{
    public static string ToFrench(this AuditAction action) => action switch
    {
        AuditAction.IssueRead => "consultation d'un signalement",
        AuditAction.IssueMasked => "masquage d'un passage",
        AuditAction.StatusQuery => "point de situation",
        AuditAction.Export => "export",
        AuditAction.AuditExport => "export de la trace d'audit",
        AuditAction.AccessRequest => "demande d'accès",
        AuditAction.ErasureRequest => "demande d'effacement",
        AuditAction.RetentionPurge => "anonymisation et purge périodiques",
        _ => action.ToString(),
    };
}
