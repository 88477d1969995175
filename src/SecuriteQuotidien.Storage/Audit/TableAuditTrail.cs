using System.Globalization;
using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Storage.Privacy;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Audit;

/// <summary>
/// The audit trail: PartitionKey = Paris date ("2026-05-12", a period's export reads only its days),
/// RowKey = UTC ticks + event id (time order within the day; the same event recorded twice keeps one row).
/// Insert only.
/// </summary>
public sealed class TableAuditTrail(PrivacyTables tables) : IAuditTrail
{
    /// <summary>Longest period one listing reads.</summary>
    public const int MaxDays = 366;

    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        await tables.EnsureCreatedAsync(cancellationToken);
        var row = new TableEntity(DayKey(ParisTime.DateOf(auditEvent.OccurredAt)),
            auditEvent.OccurredAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + TableKey.Separator + TableKey.Escape(auditEvent.Id))
        {
            ["Actor"] = auditEvent.ActorObjectId,
            ["Action"] = auditEvent.Action.ToString(),
            ["OccurredAt"] = auditEvent.OccurredAt,
            ["IssueNumber"] = auditEvent.IssueNumber,
            ["Scope"] = auditEvent.Scope,
            ["Detail"] = auditEvent.Detail,
            ["EventId"] = auditEvent.Id,
        };
        try
        {
            await tables.AuditTrail.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            // Recorded by an earlier attempt.
        }
    }

    public async Task<AuditPage> ListAsync(DateOnly from, DateOnly to, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 0);
        if (to < from || to.DayNumber - from.DayNumber >= MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"The period must be 1 to {MaxDays} days.");
        }
        await tables.EnsureCreatedAsync(cancellationToken);
        var events = new List<AuditEvent>();
        var leftOut = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DayKey(day)}");
            await foreach (var row in tables.AuditTrail.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                if (events.Count < max)
                {
                    events.Add(ToEvent(row));
                }
                else
                {
                    leftOut++;
                }
            }
        }
        return new AuditPage(events, leftOut);
    }

    private static AuditEvent ToEvent(TableEntity row) => new()
    {
        ActorObjectId = row.GetString("Actor"),
        Action = Enum.Parse<AuditAction>(row.GetString("Action")),
        OccurredAt = row.GetDateTimeOffset("OccurredAt")!.Value,
        IssueNumber = row.GetString("IssueNumber"),
        Scope = row.GetString("Scope"),
        Detail = row.GetString("Detail"),
        Id = row.GetString("EventId"),
    };

    private static string DayKey(DateOnly day) => TableKey.Date(day);
}
