using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Diagnostics;

/// <summary>Hotspot marks: PartitionKey = sector, RowKey = <c>{Suggested|Dismissed}|{group key}</c>; the latest mark of a kind replaces the earlier one.</summary>
public sealed class HotspotMarkStore(DiagnosticTables tables) : IHotspotMarkStore
{
    public async Task SaveAsync(HotspotMark mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var row = new TableEntity(mark.SectorId, TableKey.Join(mark.Kind.ToString(), mark.GroupKey))
        {
            ["Kind"] = mark.Kind.ToString(),
            ["GroupKey"] = mark.GroupKey,
            ["IssueNumbers"] = string.Join(' ', mark.IssueNumbers),
            ["ActorObjectId"] = mark.ActorObjectId,
            ["At"] = mark.At,
        };
        await tables.Hotspots.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<HotspotMark>> ListAsync(string sectorId, CancellationToken cancellationToken)
    {
        var marks = new List<HotspotMark>();
        await foreach (var row in tables.Hotspots.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sectorId}"),
            cancellationToken: cancellationToken))
        {
            marks.Add(new HotspotMark(
                sectorId,
                row.GetString("GroupKey"),
                Enum.Parse<HotspotMarkKind>(row.GetString("Kind")),
                [.. row.GetString("IssueNumbers").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(IssueNumber.Parse)],
                row.GetString("ActorObjectId"),
                row.GetDateTimeOffset("At")!.Value));
        }
        return marks;
    }
}
