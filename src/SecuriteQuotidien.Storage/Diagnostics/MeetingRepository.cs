using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Diagnostics;

/// <summary>GPO meetings: PartitionKey = sector, RowKey = <c>minutes|yyyy-MM-dd</c> (one meeting per sector and day), JSON body.</summary>
public sealed class MeetingRepository(DiagnosticTables tables) : IMeetingRepository
{
    private const string Prefix = "minutes|";

    public async Task<string> SaveMinutesAsync(MeetingMinutes minutes, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        var errors = minutes.Validate();
        if (errors.Count > 0)
        {
            throw new DiagnosticRuleException(string.Join(" ", errors));
        }
        var row = new TableEntity(minutes.SectorId, RowKeyOf(minutes.MeetingDate))
        {
            ["MeetingDate"] = TableKey.Date(minutes.MeetingDate),
        };
        DiagnosticJson.WriteBody(row, minutes, DiagnosticJsonContext.Default.MeetingMinutes);
        try
        {
            var response = etag is null
                ? await tables.Meetings.AddEntityAsync(row, cancellationToken)
                : await tables.Meetings.UpdateEntityAsync(row, new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString()
                ?? (await GetMinutesAsync(minutes.SectorId, minutes.MeetingDate, cancellationToken))!.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.IsLostRace())
        {
            throw new ConcurrencyConflictException($"Minutes of {minutes.MeetingDate:yyyy-MM-dd} changed since they were read.", ex);
        }
    }

    public async Task<(MeetingMinutes Minutes, string ETag)?> GetMinutesAsync(string sectorId, DateOnly meetingDate, CancellationToken cancellationToken)
    {
        var row = await tables.Meetings.GetEntityIfExistsAsync<TableEntity>(sectorId, RowKeyOf(meetingDate), cancellationToken: cancellationToken);
        return row.HasValue
            ? (DiagnosticJson.ReadBody(row.Value!, DiagnosticJsonContext.Default.MeetingMinutes), row.Value!.ETag.ToString())
            : null;
    }

    public async Task<DateOnly?> LastMeetingDateAsync(string sectorId, DateOnly onOrBefore, CancellationToken cancellationToken)
    {
        // Only the keys: the latest date is the greatest row key up to the bound.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sectorId} and RowKey ge {Prefix} and RowKey le {RowKeyOf(onOrBefore)}");
        DateOnly? last = null;
        await foreach (var row in tables.Meetings.QueryAsync<TableEntity>(filter, select: ["MeetingDate"], cancellationToken: cancellationToken))
        {
            var date = DateOnly.ParseExact(row.GetString("MeetingDate"), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            last = last is null || date > last ? date : last;
        }
        return last;
    }

    public async Task<IReadOnlyList<MeetingMinutes>> ListAsync(string sectorId, CancellationToken cancellationToken)
    {
        var all = new List<MeetingMinutes>();
        await foreach (var row in tables.Meetings.QueryAsync<TableEntity>(TableKey.PrefixFilter(sectorId, Prefix), cancellationToken: cancellationToken))
        {
            all.Add(DiagnosticJson.ReadBody(row, DiagnosticJsonContext.Default.MeetingMinutes));
        }
        return [.. all.OrderByDescending(m => m.MeetingDate)];
    }

    private static string RowKeyOf(DateOnly date) => Prefix + TableKey.Date(date);
}
