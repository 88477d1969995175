using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// The police's working lists of a sector (« mes dossiers », « chercher »): one query of the sector's partition each,
/// filtered on the server, so the cost is one table request per sector (more only past 1,000 rows: one per page).
/// </summary>
public interface IIssueWorklist
{
    /// <summary>The sector's open issues without their free texts, each with the event of its last transition (the row keeps it).</summary>
    Task<IReadOnlyList<StoredIssue>> ListOpenAsync(string sectorId, CancellationToken cancellationToken);

    /// <summary>The sector's open issues and those closed since <paramref name="closedSince"/>, whole (the search reads their descriptions).</summary>
    Task<IReadOnlyList<Issue>> ListOpenOrClosedSinceAsync(string sectorId, DateTimeOffset closedSince, CancellationToken cancellationToken);
}
