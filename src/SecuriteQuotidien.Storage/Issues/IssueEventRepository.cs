using Azure;
using Azure.Data.Tables;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Storage.Tables;

namespace SecuriteQuotidien.Storage.Issues;

/// <summary>
/// Timeline rows: PartitionKey = issue number (one partition per issue), RowKey = event id. Insert only. A partner's
/// follow-up answer (<see cref="IssueFollowUp"/>) is also recorded on the issue row, for the status totals
/// (<see cref="IssueRepository.RecordFollowUpAsync"/>, resolved from <paramref name="services"/> when given).
/// </summary>
public sealed class IssueEventRepository(StorageTables tables, IServiceProvider? services = null) : IIssueEventRepository
{
    public async Task AppendAsync(IssueEvent issueEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issueEvent);
        var row = new TableEntity(issueEvent.IssueNumber.ToString(), TableKey.Escape(issueEvent.Id))
        {
            ["Kind"] = issueEvent.Kind.ToString(),
            ["ActorObjectId"] = issueEvent.ActorObjectId,
            ["OccurredAt"] = issueEvent.OccurredAt,
            ["Visibility"] = issueEvent.Visibility.ToString(),
            ["Payload"] = issueEvent.Payload,
            ["EventId"] = issueEvent.Id,
        };
        try
        {
            await tables.IssueEvents.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            // Already appended by an earlier attempt: the timeline is append-only, keep the first.
        }
        if (services is not null && issueEvent.Kind == IssueEventKind.PartnerFeedback
            && IssueFollowUp.LatestOf([issueEvent]) is { } feedback
            && services.GetService(typeof(IssueRepository)) is IssueRepository issues)
        {
            await issues.RecordFollowUpAsync(issueEvent.ActorObjectId, issueEvent.IssueNumber, feedback, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<IssueEvent>> ListAsync(IssueNumber number, bool partnerVisibleOnly, CancellationToken cancellationToken)
    {
        var filter = partnerVisibleOnly
            ? TableClient.CreateQueryFilter($"PartitionKey eq {number.ToString()} and Visibility eq {nameof(EventVisibility.PartnerVisible)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {number.ToString()}");
        var events = new List<IssueEvent>();
        await foreach (var row in tables.IssueEvents.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            events.Add(new IssueEvent
            {
                IssueNumber = number,
                Kind = Enum.Parse<IssueEventKind>(row.GetString("Kind")),
                ActorObjectId = row.GetString("ActorObjectId"),
                OccurredAt = row.GetDateTimeOffset("OccurredAt")!.Value,
                Visibility = Enum.Parse<EventVisibility>(row.GetString("Visibility")),
                Payload = row.GetString("Payload"),
                Id = row.GetString("EventId"),
            });
        }
        // Row keys are ids, not times: the timeline is small, order it here.
        return [.. events.OrderBy(e => e.OccurredAt).ThenBy(e => e.Kind == IssueEventKind.Created ? 0 : 1)];
    }
}
