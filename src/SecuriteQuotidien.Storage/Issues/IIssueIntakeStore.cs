using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// The intake's write path. <see cref="CreateAsync"/> writes the issue, its idempotency key and an
/// "unfinished" marker in one entity-group transaction (the commit point); the caller then writes what
/// follows from the issue (timeline, reporter index, channel post, first reminder: all idempotent) and
/// calls <see cref="CompleteAsync"/>. A crash in between leaves the marker, and
/// <see cref="ListUnfinishedAsync"/> lets a recovery pass finish the work: nothing stays half-written.
/// </summary>
public interface IIssueIntakeStore
{
    /// <summary>As <see cref="IIssueRepository.CreateAsync"/>, plus the marker; writes only the Issues partition.</summary>
    Task<IssueCreation> CreateAsync(IssueDraft draft, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>The created event and the reporter index (idempotent; both in parallel).</summary>
    Task RecordCreatedAsync(Issue issue, CancellationToken cancellationToken);

    /// <summary>The created event only (idempotent).</summary>
    Task AppendCreatedEventAsync(Issue issue, CancellationToken cancellationToken);

    /// <summary>The reporter index row, which makes the issue visible in the partner's « mes signalements » (idempotent).</summary>
    Task IndexForReporterAsync(Issue issue, CancellationToken cancellationToken);

    /// <summary>Removes the marker once everything that follows from the issue is written.</summary>
    Task CompleteAsync(Issue issue, CancellationToken cancellationToken);

    /// <summary>Issues of the sector whose marker was written before <paramref name="createdBefore"/> and not completed.</summary>
    Task<IReadOnlyList<Issue>> ListUnfinishedAsync(string sectorId, DateTimeOffset createdBefore, CancellationToken cancellationToken);
}
