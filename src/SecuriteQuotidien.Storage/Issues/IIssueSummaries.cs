using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// A sector's issues read with a column projection: every field but the free texts (description, effect,
/// address, place detail), which are most of a row's bytes. Enough for statistics and lists (status,
/// digest); never for showing the report or writing the issue back — those read it whole.
/// </summary>
public interface IIssueSummaries
{
    /// <summary>The sector's issues, newest first, with empty free texts.</summary>
    Task<IReadOnlyList<Issue>> ListBySectorAsync(string sectorId, CancellationToken cancellationToken);
}
