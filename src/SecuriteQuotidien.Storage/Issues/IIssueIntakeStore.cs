using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// The intake's write path. <see cref="CreateAsync"/> writes the issue, its idempotency key and an
/// "unfinished" marker in one entity-group transaction (the commit point); the caller then writes what
/// follows from the issue (timeline, reporter index, channel post, first reminder: all idempotent) and
/// calls <see cref="CompleteAsync"/>. A crash in between leaves the marker, and
/// <see cref="ListUnfinishedAsync"/> lets a recovery pass finish the work: nothing stays half-written.
/// The intake's create makes no key lookup first: a repeated draft id is found by the key row's conflict
/// (the number drawn for it is left unused).
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

    /// <summary>
    /// Marks the submit finished once everything that follows from the issue is written. No request of its own:
    /// the marker row is deleted with the sector's next issue transaction or by <see cref="FlushCompletedAsync"/>.
    /// </summary>
    Task CompleteAsync(Issue issue, CancellationToken cancellationToken);

    /// <summary>Deletes the marker rows of finished submits still pending on this instance (one transaction per sector); returns how many.</summary>
    Task<int> FlushCompletedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// How many issues of <paramref name="reporterObjectId"/> created at or after <paramref name="since"/> are in the
    /// reporter index, counting no further than <paramref name="atMost"/> (one query of one partition, one page).
    /// Issues whose submit is still running are not counted yet.
    /// </summary>
    Task<int> CountReportedSinceAsync(string reporterObjectId, DateTimeOffset since, int atMost, CancellationToken cancellationToken);

    /// <summary>Whether a submit of <paramref name="reporterObjectId"/> with this idempotency key already stored its issue in the sector (one point read).</summary>
    Task<bool> WasCreatedAsync(string sectorId, string reporterObjectId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Issues of the sector whose marker was written before <paramref name="createdBefore"/> and not completed (by this instance).</summary>
    Task<IReadOnlyList<Issue>> ListUnfinishedAsync(string sectorId, DateTimeOffset createdBefore, CancellationToken cancellationToken);
}
