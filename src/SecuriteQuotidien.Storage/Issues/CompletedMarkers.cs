using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// The "unfinished" marker rows of this instance's finished submits that are still to delete, per sector
/// (the marker shares the sector's partition, so its deletion can ride on the sector's next transaction).
/// </summary>
internal sealed class CompletedMarkers
{
    private readonly Dictionary<string, List<IssueNumber>> _bySector = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Sectors
    {
        get
        {
            lock (_bySector)
            {
                return [.. _bySector.Where(s => s.Value.Count > 0).Select(s => s.Key)];
            }
        }
    }

    public void Add(string sectorId, IssueNumber number)
    {
        lock (_bySector)
        {
            var pending = PendingOf(sectorId);
            if (!pending.Contains(number))
            {
                pending.Add(number);
            }
        }
    }

    /// <summary>Puts back markers whose deletion did not happen.</summary>
    public void Return(string sectorId, IEnumerable<IssueNumber> numbers)
    {
        foreach (var number in numbers)
        {
            Add(sectorId, number);
        }
    }

    /// <summary>Removes and returns up to <paramref name="max"/> markers of the sector (oldest first).</summary>
    public IReadOnlyList<IssueNumber> Take(string sectorId, int max)
    {
        lock (_bySector)
        {
            if (!_bySector.TryGetValue(sectorId, out var pending) || pending.Count == 0)
            {
                return [];
            }
            var taken = pending.Take(max).ToList();
            pending.RemoveRange(0, taken.Count);
            return taken;
        }
    }

    public bool Contains(string sectorId, IssueNumber number)
    {
        lock (_bySector)
        {
            return _bySector.TryGetValue(sectorId, out var pending) && pending.Contains(number);
        }
    }

    private List<IssueNumber> PendingOf(string sectorId)
    {
        if (!_bySector.TryGetValue(sectorId, out var pending))
        {
            pending = [];
            _bySector[sectorId] = pending;
        }
        return pending;
    }
}
